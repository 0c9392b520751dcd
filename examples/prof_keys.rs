use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let snap = loket::catalog::snapshot::open(std::path::Path::new(&path)).unwrap();
    for q in ["dagbest", "huish hulp gron", "mantelz winsum", "oudernadv", "schuldh heerlen", "wijkverpl hoensbroek"] {
        let mut s = loket::search::Searcher::default();
        let chars: Vec<char> = q.chars().collect();
        let mut line = String::new();
        for n in 1..=chars.len() {
            let p: String = chars[..n].iter().collect();
            let t = Instant::now();
            let r = s.search(&snap.index, &p, &|_| true, 200);
            line.push_str(&format!("{p:?}:{:.1}({}) ", t.elapsed().as_secs_f64() * 1000.0, r.total));
        }
        println!("{line}");
    }
}
