use super::lock;

#[test]
fn debug_berry() {
    let text = std::fs::read_to_string("tests/fixtures/check/npm-yarn-berry/yarn.lock").unwrap();
    let (l, e) = lock::yarn::parse_berry(&text);
    eprintln!("{e:?}");
    for (i, p) in l.packages.iter().enumerate() {
        eprintln!("{i} {} {} {:?} {}", p.name, p.version, p.deps, p.importer);
    }
    eprintln!("{:?}", l.importers);
    panic!();
}
