//! A benchmark binary started again as `ward` itself: the command line after the program name
//! run through `ward_cli::run` on a thread with the CLI's stack, as the `ward` binary's `main`
//! does. The benches that time a real `ward` process (a served policy, a cold start) use it, so
//! the process they measure is built with the bench's own (release) profile.

/// Run this process's arguments as `ward …`; the exit code (101 if the command panicked).
pub fn run() -> i32 {
    let args: Vec<std::ffi::OsString> = std::iter::once("ward".into())
        .chain(std::env::args_os().skip(1))
        .collect();
    let env = ward_cli::Env::from_process();
    let worker = std::thread::Builder::new()
        .stack_size(ward_cli::STACK_BYTES)
        .spawn(move || {
            let mut out = std::io::stdout().lock();
            let mut err = std::io::stderr().lock();
            ward_cli::run(args, &mut out, &mut err, env)
        });
    match worker.map(|w| w.join()) {
        Ok(Ok(code)) => code,
        _ => 101,
    }
}
