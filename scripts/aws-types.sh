#!/bin/sh
# Regenerates data/aws-types.txt: every resource and data source type of the
# hashicorp/aws provider, one name per line, sorted, from
# `terraform providers schema -json`. `rule-pattern-unknown` reads it (a
# pattern matching a real AWS type is known; suggestions come from it).
#
#   scripts/aws-types.sh [MIRROR_DIR]    (default /opt/tf-plugins)
#
# Needs terraform and the provider in a filesystem mirror (no network).
set -eu
mirror=${1:-/opt/tf-plugins}
out=$(cd "$(dirname "$0")/.." && pwd)/data/aws-types.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/cli.tfrc" <<CONF
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/hashicorp/*"]
  }
  direct {
    exclude = ["registry.terraform.io/*/*"]
  }
}
CONF
cat > "$work/main.tf" <<'TF'
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}
TF
cd "$work"
TF_CLI_CONFIG_FILE="$work/cli.tfrc" terraform init -input=false -no-color >/dev/null
TF_CLI_CONFIG_FILE="$work/cli.tfrc" terraform providers schema -json > schema.json
python3 - schema.json "$out" <<'PY'
import json, sys
schema = json.load(open(sys.argv[1]))
names = set()
for provider in schema["provider_schemas"].values():
    names.update(provider.get("resource_schemas", {}))
    names.update(provider.get("data_source_schemas", {}))
    names.update(provider.get("ephemeral_resource_schemas", {}))
with open(sys.argv[2], "w") as f:
    f.write("".join(n + "\n" for n in sorted(names)))
PY
echo "wrote $(wc -l < "$out") names to $out"
