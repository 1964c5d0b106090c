//! The `ward` binary: a thin shell over [`ward_cli::run`].

fn main() {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    let code = ward_cli::run(args, &mut out, &mut err, ward_cli::Env::from_process());
    std::process::exit(code);
}
