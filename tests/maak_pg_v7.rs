//! Makes the golden fixture `tests/fixtures/pg_v7.sql`: a database at schema version 7, written
//! by this loket's own code (`common::pg_v7::schrijf`), dumped as plain SQL. Run only by
//! `tests/fixtures/maak_pg_v7.sh`, on the commit that script names (later commits upgrade a new
//! database past version 7, so this test is kept only there).

mod common;

#[test]
#[ignore = "makes the fixture; run by tests/fixtures/maak_pg_v7.sh"]
fn maak_pg_v7_fixture() {
    std::env::set_var("LOKET_BSN_SLEUTEL", common::TEST_BSN_KEY);
    let url = common::pg::fresh_db("maak_pg_v7").expect("PostgreSQL");
    let store = loket::store::PgStore::connect(&url).unwrap();
    assert_eq!(loket::store::PgStore::schemaversie(&url).unwrap(), Some(7));
    common::pg_v7::schrijf(&store);
    drop(store);
    let db = url.split_whitespace().find_map(|p| p.strip_prefix("dbname=")).unwrap().to_string();
    let out = std::process::Command::new("pg_dump")
        .args(["--host=/var/run/postgresql", "--inserts", "--no-owner", "--no-privileges", "--dbname", &db])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pg_v7.sql");
    std::fs::write(&path, out.stdout).unwrap();
}
