# syntax=docker/dockerfile:1
# adrift as a container: `docker run --rm -v "$PWD:/src" adrift check`.
# Two stages: the release build with cargo, then a small runtime image that
# holds the binary alone (adrift makes no network calls: no CA roots).

FROM rust:1.95-slim-bookworm AS build
WORKDIR /build
# What `cargo build` needs: the manifest, the lock, the sources and the
# built-in catalogs and data (and the paths the manifest names for its other
# targets).
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY catalog ./catalog
COPY data ./data
COPY benches ./benches
COPY tests/it/main.rs ./tests/it/main.rs
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    cargo build --release --locked --bin adrift \
    && cp target/release/adrift /usr/local/bin/adrift

FROM debian:bookworm-slim AS runtime
COPY --from=build /usr/local/bin/adrift /usr/local/bin/adrift
# An unprivileged user; the repository is mounted at /src.
RUN useradd --create-home --uid 10001 adrift
USER adrift
WORKDIR /src
ENTRYPOINT ["adrift"]
CMD ["check"]
