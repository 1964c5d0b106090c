//! The `ward` binary: a thin shell over [`ward_cli::run`], on a thread with
//! [`ward_cli::STACK_BYTES`] of stack (see there why).

fn main() {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let env = ward_cli::Env::from_process();
    let worker = std::thread::Builder::new()
        .name("ward".into())
        .stack_size(ward_cli::STACK_BYTES)
        .spawn(move || {
            let mut out = std::io::stdout().lock();
            let mut err = std::io::stderr().lock();
            ward_cli::run(args, &mut out, &mut err, env)
        });
    let code = match worker.map(|w| w.join()) {
        Ok(Ok(code)) => code,
        Ok(Err(_)) => 101,
        Err(e) => {
            eprintln!("ward: cannot start: {e}");
            2
        }
    };
    std::process::exit(code);
}
