//! PostgreSQL for the tests: use LOKET_TEST_DATABASE_URL, else the machine's local cluster
//! (started here when it is stopped, with a superuser role for the current OS user), and give
//! each test a fresh database. Where no PostgreSQL is installed at all, build.rs marks the tests
//! that need it as ignored (`cfg(zonder_postgres)`), and `fresh_db` gives `None` to tests that
//! run on both stores; otherwise a server that can't be reached fails the test.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

const LOCAL: &str = "host=/var/run/postgresql dbname=postgres";

fn admin_url() -> String {
    std::env::var("LOKET_TEST_DATABASE_URL").unwrap_or_else(|_| {
        let user = std::env::var("USER").unwrap_or_else(|_| "root".into());
        format!("{LOCAL} user={user}")
    })
}

fn try_connect(url: &str) -> Result<postgres::Client, String> {
    postgres::Client::connect(url, postgres::NoTls).map_err(|e| e.to_string())
}

fn run(cmd: &str, args: &[&str]) -> bool {
    std::process::Command::new(cmd)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

/// Start the local cluster and make a role for this OS user, once per test process.
fn server() -> &'static Result<String, String> {
    static SERVER: OnceLock<Result<String, String>> = OnceLock::new();
    SERVER.get_or_init(|| {
        let url = admin_url();
        if try_connect(&url).is_ok() {
            return Ok(url);
        }
        if std::env::var_os("LOKET_TEST_DATABASE_URL").is_none() {
            // the machine's cluster 15/main, stopped when the machine starts
            for v in ["15", "16", "17", "14"] {
                run("pg_ctlcluster", &["--skip-systemctl-redirect", v, "main", "start"]);
            }
            let user = std::env::var("USER").unwrap_or_else(|_| "root".into());
            for _ in 0..50 {
                if run(
                    "runuser",
                    &["-u", "postgres", "--", "psql", "-qc", &format!("CREATE ROLE \"{user}\" SUPERUSER LOGIN")],
                ) || try_connect(&url).is_ok()
                {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
        }
        try_connect(&url).map(|_| url)
    })
}

/// A fresh, empty database for one test; `None` only where PostgreSQL is not installed (then the
/// tests that need it are ignored; tests on both stores run on the embedded one alone).
pub fn fresh_db(test: &str) -> Option<String> {
    static N: AtomicUsize = AtomicUsize::new(0);
    if cfg!(zonder_postgres) {
        return None;
    }
    let admin = match server() {
        Ok(u) => u.clone(),
        Err(e) => panic!("{test}: PostgreSQL is installed but not reachable: {e}"),
    };
    let name = format!("loket_t_{}_{}_{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst), test.len());
    let mut c = try_connect(&admin).expect("admin connection");
    c.batch_execute(&format!("DROP DATABASE IF EXISTS {name}")).expect("drop database");
    c.batch_execute(&format!("CREATE DATABASE {name}")).expect("create database");
    Some(admin.replace("dbname=postgres", &format!("dbname={name}")))
}

/// A fresh test database reached over TCP with a password and `sslmode=require` (a role
/// `loket_tls` owns it): (the harness's own URL of it, the TLS URL). None where the server has no TLS, said on stderr; under CI that fails
/// instead (CI's cluster has ssl on).
#[allow(dead_code)] // not every test binary uses every helper
pub fn tls_url(test: &str) -> Option<(String, String)> {
    let url = fresh_db(test)?;
    let mut admin = client(&url);
    let db: String = admin.query_one("SELECT current_database()", &[]).unwrap().get(0);
    let ssl_on: String = admin.query_one("SHOW ssl", &[]).unwrap().get(0);
    if ssl_on != "on" {
        assert!(std::env::var_os("CI").is_none(), "{test}: the CI cluster must have TLS on");
        eprintln!("OVERGESLAGEN {test}: deze server heeft geen TLS aan");
        return None;
    }
    admin
        .batch_execute(&format!(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'loket_tls') THEN CREATE ROLE loket_tls LOGIN PASSWORD 'tls-proef'; END IF; END $$; ALTER DATABASE {db} OWNER TO loket_tls"
        ))
        .unwrap();
    // as the installation guide has the DBA do for an owner that is no superuser: loket's roles
    // made beforehand, the owner a member of loket_eigenaar (another test process may be doing
    // the same at this moment)
    for _ in 0..20 {
        let r = admin.batch_execute(
            "DO $$ DECLARE r text; BEGIN
                 FOREACH r IN ARRAY ARRAY['loket_eigenaar', 'loket_desk', 'loket_rapportage'] LOOP
                     IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
                         BEGIN
                             EXECUTE format('CREATE ROLE %I %s', r, CASE r WHEN 'loket_eigenaar' THEN 'NOLOGIN' ELSE 'LOGIN' END);
                         EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
                         END;
                     END IF;
                 END LOOP;
                 IF NOT pg_has_role('loket_tls', 'loket_eigenaar', 'MEMBER') THEN
                     GRANT loket_eigenaar TO loket_tls;
                 END IF;
             END $$",
        );
        if r.is_ok() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    Some((url, format!("postgres://loket_tls:tls-proef@127.0.0.1:5432/{db}?sslmode=require")))
}

/// A plain client on a test database (to inspect or damage rows).
pub fn client(url: &str) -> postgres::Client {
    try_connect(url).expect("connect")
}
