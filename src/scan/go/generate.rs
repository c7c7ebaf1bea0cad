//! Generated go.mod files for the property tests and the differential
//! test against the real go command: files the go command accepts, in a
//! random mix of the forms the grammar allows, with what it reads in them.

/// A small deterministic generator (xorshift).
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    pub fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }
}

/// A generated go.mod: its text, and the requires and replaces the go
/// command reads in it.
pub struct Generated {
    pub text: String,
    pub requires: Vec<(String, String, bool)>,
    /// (old, old version, new, new version)
    pub replaces: Vec<(String, String, String, String)>,
}

/// A go.mod the go command accepts, written in a random mix of the forms
/// the grammar allows. `modern` adds directives newer than Go 1.19.
pub fn generate(seed: u64, modern: bool) -> Generated {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let hosts = [
        "github.com/lib",
        "gorm.io",
        "example.com/a-b",
        "go.etcd.io",
        "gopkg.in",
    ];
    let names = ["pq", "gorm", "bbolt", "x_y", "Mixed.Case", "pgx", "yaml"];
    let spaces = [" ", "\t", "  ", " \t"];
    let eols = [
        "\n",
        "\r\n",
        " // c\n",
        "\t//indirect\n",
        " // indirect\n",
        " // indirect; why\n",
    ];
    let mut text = String::new();
    if rng.below(3) == 0 {
        text.push_str("// header comment\n\n");
    }
    text.push_str(rng.pick(&[
        "module example.com/app\n",
        "module \"example.com/app\" // c\n",
    ]));
    if modern {
        text.push_str(rng.pick(&["go 1.22.1\ntoolchain go1.22.3\n", "go 1.21rc1\n", ""]));
        text.push_str(rng.pick(&["godebug panicnil=1\n", "tool a.b/c/cmd\n", ""]));
    } else {
        text.push_str(rng.pick(&["go 1.19\n", "go 1.21\n", ""]));
    }
    let mut requires = Vec::new();
    let mut replaces = Vec::new();
    let mut in_block = false;
    for i in 0..rng.below(12) {
        let host = rng.pick(&hosts);
        let name = rng.pick(&names);
        let (path, major) = if host == "gopkg.in" {
            let m = 1 + rng.below(3);
            (format!("gopkg.in/{name}.v{m}"), m)
        } else {
            match rng.below(3) {
                0 => {
                    let m = 2 + rng.below(4);
                    (format!("{host}/{name}/v{m}"), m)
                }
                _ => (format!("{host}/{name}{i}"), rng.below(2)),
            }
        };
        let (written_version, version) = match rng.below(4) {
            0 => (format!("v{major}"), format!("v{major}.0.0")),
            1 => (format!("v{major}.2"), format!("v{major}.2.0")),
            2 => (format!("v{major}.3.4-rc.1"), format!("v{major}.3.4-rc.1")),
            _ => (format!("v{major}.10.0"), format!("v{major}.10.0")),
        };
        let quoted = |s: &str, rng: &mut Rng| {
            if rng.below(4) == 0 {
                format!("{s:?}")
            } else {
                s.to_string()
            }
        };
        let p = quoted(&path, &mut rng);
        let v = quoted(&written_version, &mut rng);
        let sp = rng.pick(&spaces);
        let eol = rng.pick(&eols);
        let indirect = eol.contains("indirect");
        let want_block = rng.below(2) == 0;
        if want_block != in_block {
            text.push_str(if in_block { ")\n" } else { "require (\n" });
            in_block = want_block;
        }
        if rng.below(5) == 0 && !in_block {
            // A replacement, by module or by directory.
            let (new, new_version) = if rng.below(2) == 0 {
                (format!("example.com/fork/{name}{i}"), "v1.0.0".to_string())
            } else {
                (format!("../{name}"), String::new())
            };
            let old_version = if rng.below(2) == 0 {
                version.clone()
            } else {
                String::new()
            };
            let old_written = if old_version.is_empty() {
                String::new()
            } else {
                format!(" {v}")
            };
            let new_written = if new_version.is_empty() {
                String::new()
            } else {
                format!(" {new_version}")
            };
            text.push_str(&format!(
                "replace {p}{old_written} => {new}{new_written}{eol}"
            ));
            replaces.push((path, old_version, new, new_version));
            continue;
        }
        if rng.below(6) == 0 && in_block {
            text.push_str(rng.pick(&["\n", "\t// a comment line\n"]));
        }
        let lead = if in_block {
            "\t".to_string()
        } else {
            format!("require{sp}")
        };
        text.push_str(&format!("{lead}{p}{sp}{v}{eol}"));
        requires.push((path, version, indirect));
    }
    if in_block {
        text.push_str(rng.pick(&[")\n", ") // end\n", ")"]));
    }
    Generated {
        text,
        requires,
        replaces,
    }
}

/// A file for the differential test: a generated go.mod (no directive
/// newer than Go 1.19), mutated one time in three by inserting tokens, so
/// that both accepted and refused files are compared.
pub fn generated_for_interop(seed: u64) -> String {
    let mut text = generate(seed, false).text;
    let mut rng = Rng(seed.wrapping_mul(31).wrapping_add(17) | 1);
    if rng.below(3) == 0 {
        mutate(&mut text, &mut rng);
    }
    text
}

/// Inserts 1 to 4 tokens of the grammar at random places.
pub fn mutate(text: &mut String, rng: &mut Rng) {
    let alphabet = [
        "(",
        ")",
        "\"",
        "`",
        "\\",
        "//",
        "/*",
        "\n",
        "\r",
        " ",
        "=>",
        "v1",
        "é",
        "\u{feff}",
        "[",
        ",",
        "require",
        "replace",
        "'",
        "/v2",
        ".0",
        "-",
        "+incompatible",
        "\t",
    ];
    for _ in 0..1 + rng.below(4) {
        let mut at = rng.below(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        text.insert_str(at, rng.pick(&alphabet));
    }
}
