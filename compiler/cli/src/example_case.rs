//! The example case `ward init` writes beside a new package: a short situation (an English
//! trust piloting an AI tool that is not a medical device) written as `ward ask` writes a
//! case, each answer under its question, so a new user sees what a case looks like and can
//! evaluate it against the new policy at once.

use ward_core::eval::{Format, case};

/// The situation, as a case file without comments.
const SITUATION: &str = "\
organisation: {nation: england, type: nhs_trust, roles: [adopter]}
technology: {device_status: not_device, health_it: true, traits: [ai], legacy_reasons: []}
data: {health_care: true, identifiability: pseudonymised, flows: []}
activity: {stages: [procurement, pilot], purposes: [service_evaluation]}
";

/// The file's name: `*.case.yaml`, which the VS Code extension checks against the schema.
pub const FILE: &str = "example.case.yaml";

/// The commented example case, against the built-in library.
pub fn text() -> Option<String> {
    let mut host = ward_core::Host::new(ward_core::Database::default());
    ward_stdlib::load_into(&mut host);
    let prog = host.program()?;
    let c = case::load(&prog, SITUATION, Format::Yaml).ok()?;
    let header = [
        "An example case: an NHS trust in England procuring and piloting an AI tool that is"
            .to_string(),
        "not a medical device. Each answer is under its question; leave out (or write null"
            .to_string(),
        "for) what is not known. `ward eval example.case.yaml --policy .` lists the duties;"
            .to_string(),
        "`ward ask example.case.yaml` asks what it leaves out.".to_string(),
    ];
    Some(ward_core::interview::yaml::write_case(
        &prog,
        &c,
        &[],
        &header,
    ))
}
