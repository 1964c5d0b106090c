//! `ward ask [PARTIAL_CASE]`: an interview in the terminal that asks only the questions that
//! matter, best first, and writes the answers as a commented YAML case `ward eval` reads.
//! What to ask, how an answer changes the case and what the file says are decided by
//! `ward_core::interview`; this file only prompts (inquire on a terminal, one line per
//! question from `--answers` or standard input otherwise) and reads and writes files.
//! Ctrl-C or the end of the answers saves what was answered so far.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use ward_core::eval::{Format, case};
use ward_core::interview::reply::Reply;
use ward_core::interview::session::{Pending, Session};
use ward_core::interview::{Answer, yaml};
use ward_project::paths::display_path;

use crate::as_of::as_of_or_today;
use crate::render::plural;
use crate::{Env, StdlibArg, input};

#[derive(clap::Args, Debug)]
pub struct AskArgs {
    /// A partial case to start from (YAML or JSON): what it says is not asked again, nor
    /// what it sets to null ("don't know").
    case: Option<PathBuf>,
    /// Where to write the case (YAML; default: the partial case if it is YAML, else case.yaml).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    /// Read the answers from FILE, one per line, instead of asking (also when standard input
    /// is not a terminal, from standard input).
    #[arg(long, value_name = "FILE")]
    answers: Option<PathBuf>,
    /// Decide as at this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// A local policy directory to add to the standard library (repeatable).
    #[arg(long = "policy", value_name = "DIR")]
    policies: Vec<PathBuf>,
    #[command(flatten)]
    stdlib: StdlibArg,
}

/// Why the interview stopped before its end.
enum Stop {
    /// Ctrl-C.
    Interrupted,
    /// The answers ran out (or the terminal closed).
    Ended,
}

pub fn run(args: AskArgs, out: &mut dyn Write, err: &mut dyn Write, env: &Env) -> i32 {
    let Some(as_of) = as_of_or_today(args.as_of.as_deref(), err, env) else {
        return 2;
    };
    let output = match output_path(&args, env) {
        Ok(o) => o,
        Err(m) => {
            let _ = writeln!(err, "error: {m}");
            return 2;
        }
    };
    let AskArgs {
        case: partial,
        answers,
        policies,
        stdlib,
        ..
    } = args;
    let p = ward_project::load_for_eval(&env.cwd, &env.cache, &stdlib.choice(env), &policies);
    let prog = match crate::policy::program(&p, err, env, "nothing was asked") {
        Ok(prog) => prog,
        Err(code) => return code,
    };
    let mut meta = None;
    let (start, declined) = match &partial {
        None => (case::Case::empty(&prog), vec![]),
        Some(path) => {
            let full = env.cwd.join(path);
            let shown = display_path(&env.cwd, &full);
            let text = match input::read_case_file(&full) {
                Ok(file) => file.text,
                Err(e) => {
                    let _ = writeln!(err, "error: {shown}: {e}");
                    return 2;
                }
            };
            let format = Format::from_path(path);
            // The document's `meta:` block is kept in the case written.
            meta = ward_core::report::meta::read(&text, format).ok().flatten();
            match case::load(&prog, &text, format) {
                Ok(c) => (c, yaml::declined_in(&text, format)),
                Err(errors) => {
                    let _ = writeln!(err, "error: {shown} does not describe a valid case:");
                    for e in errors {
                        let _ = writeln!(err, "  {e}");
                    }
                    return 2;
                }
            }
        }
    };
    let shown = display_path(&env.cwd, &output);
    let mut session = Session::new(&prog, start, declined, as_of);
    let script: Option<Box<dyn BufRead>> = match &answers {
        Some(f) => match std::fs::File::open(env.cwd.join(f)) {
            Ok(file) => Some(Box::new(std::io::BufReader::new(file))),
            Err(e) => {
                let _ = writeln!(err, "error: {}: {e}", f.display());
                return 2;
            }
        },
        None if !std::io::stdin().is_terminal() => Some(Box::new(std::io::stdin().lock())),
        None => None,
    };
    // The file is written after every answer, so nothing answered is lost whatever stops
    // the interview (a killed terminal too), and once more at the end.
    let write = |session: &Session<'_>, finished: bool| -> std::io::Result<()> {
        let header = header(&shown, as_of, finished);
        let mut text = yaml::write_case(&prog, session.case(), session.declined(), &header);
        let block = yaml::meta_block(meta.as_ref());
        if !block.is_empty() {
            // After the header's comment lines, before the first fact.
            let at = text
                .lines()
                .take_while(|l| l.starts_with("# ") && header.iter().any(|h| l[2..] == *h))
                .map(|l| l.len() + 1)
                .sum();
            text.insert_str(at, &block);
        }
        ward_project::fswrite::write(&output, text.as_bytes())
    };
    let mut saved: Option<std::io::Error> = None;
    let mut save = |session: &Session<'_>| {
        if saved.is_none()
            && let Err(e) = write(session, false)
        {
            saved = Some(e);
        }
    };
    let (stop, bad) = match script {
        Some(lines) => scripted(&mut session, lines, err, &mut save),
        None => (interactive(&mut session, err, &mut save), None),
    };
    if let Some(e) = saved {
        let _ = writeln!(err, "error: {shown}: {e}");
        return 2;
    }
    let finished = stop.is_none() && bad.is_none();
    if let Err(e) = write(&session, finished) {
        let _ = writeln!(err, "error: {shown}: {e}");
        return 2;
    }
    let answered = plural(session.answered(), "answer", "answers");
    if let Some(m) = bad {
        let _ = writeln!(err, "error: {m}\nsaved the {answered} before it to {shown}");
        return 2;
    }
    if let Some(stop) = stop {
        let _ = writeln!(
            err,
            "{}; saved {answered} to {shown}; go on with `ward ask {shown}`",
            match stop {
                Stop::Interrupted => "interrupted",
                Stop::Ended => "the answers ended before the questions",
            }
        );
        return match stop {
            Stop::Interrupted => 130,
            Stop::Ended => 0,
        };
    }
    let outcome = ward_core::eval::evaluate(&prog, session.case(), as_of);
    let rep = ward_core::report::build(
        &prog,
        session.case(),
        as_of,
        &outcome,
        ward_core::report::Options::default(),
    );
    let layout = ward_core::report::layout::layout(&rep);
    let _ = writeln!(
        out,
        "Wrote {shown} ({answered}).\n{}\nThe full decision record: `ward eval {shown}`.",
        ward_core::report::text::summary_sentence(&layout)
    );
    0
}

/// `-o`, else the partial case when it is YAML, else `case.yaml`. A file that is not the
/// partial case being continued is never overwritten without `-o`.
fn output_path(args: &AskArgs, env: &Env) -> Result<PathBuf, String> {
    if let Some(o) = &args.output {
        return Ok(env.cwd.join(o));
    }
    if let Some(c) = &args.case
        && Format::from_path(c) == Format::Yaml
    {
        return Ok(env.cwd.join(c));
    }
    let default = env.cwd.join("case.yaml");
    if std::fs::symlink_metadata(&default).is_ok() {
        return Err(format!(
            "{} already exists\n  help: continue it with `ward ask {0}`, or name another file with -o",
            display_path(&env.cwd, &default)
        ));
    }
    Ok(default)
}

fn header(shown: &str, as_of: ward_core::hir::Instant, finished: bool) -> Vec<String> {
    let mut h = vec![format!(
        "A case written by `ward ask` as at {}: each answer is under its question.",
        ward_core::time::format_instant(as_of)
    )];
    if !finished {
        h.push(format!("Unfinished: `ward ask {shown}` goes on from here."));
    }
    h.push(format!(
        "`ward eval {shown}` gives the decision record; null means not known."
    ));
    h
}

/// The progress line shown before each question.
fn progress(session: &Session<'_>, p: &Pending) -> String {
    format!(
        "[{} · {} of {} duties settled, {} undetermined]",
        plural(session.answered(), "answer", "answers"),
        p.progress.settled,
        p.progress.total,
        p.progress.undetermined
    )
}

/// Answers from lines (a file or a pipe): each line is one question's answer.
fn scripted(
    session: &mut Session<'_>,
    mut lines: Box<dyn BufRead>,
    err: &mut dyn Write,
    save: &mut dyn FnMut(&Session<'_>),
) -> (Option<Stop>, Option<String>) {
    let mut n = 0;
    while let Some(p) = session.next() {
        let _ = writeln!(
            err,
            "{}\n? {} ({})",
            progress(session, &p),
            p.wording(),
            p.question.path
        );
        let mut line = String::new();
        match lines.read_line(&mut line) {
            Ok(0) | Err(_) => return (Some(Stop::Ended), None),
            Ok(_) => n += 1,
        }
        let _ = writeln!(err, "> {}", line.trim_end());
        let reply = if p.another.is_some() {
            Reply::from_line(&Answer::Boolean, &line)
        } else {
            Reply::from_line(&p.question.answer, &line)
        };
        if let Err(m) = session.answer(&p, reply) {
            return (
                None,
                Some(format!("answer {n} (to {}): {m}", p.question.path)),
            );
        }
        save(session);
    }
    (None, None)
}

/// The choices offered, each with its description.
struct Offer {
    value: Option<String>,
    label: String,
}

impl std::fmt::Display for Offer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

const DONT_KNOW: &str = "don't know";

fn offers(choices: &[ward_core::interview::Choice]) -> Vec<Offer> {
    choices
        .iter()
        .map(|c| Offer {
            value: Some(c.value.clone()),
            label: match &c.help {
                Some(h) => format!(
                    "{} — {}",
                    c.value,
                    h.split("\n\n").next().unwrap_or(h).replace('\n', " ")
                ),
                None => c.value.clone(),
            },
        })
        .collect()
}

fn help_text(p: &Pending, keys: &str) -> String {
    let doc = p
        .question
        .help
        .as_deref()
        .map(|h| h.split("\n\n").next().unwrap_or(h).replace('\n', " "))
        .unwrap_or_default();
    if doc.is_empty() || p.another.is_some() {
        keys.to_string()
    } else {
        format!("{doc} — {keys}")
    }
}

/// The interview on a terminal; `Some` when it stopped early.
fn interactive(
    session: &mut Session<'_>,
    err: &mut dyn Write,
    save: &mut dyn FnMut(&Session<'_>),
) -> Option<Stop> {
    use inquire::InquireError;
    const KEYS: &str = "↑↓ to move, enter to answer, esc: back one question, ctrl-c: save and stop";
    while let Some(p) = session.next() {
        let _ = writeln!(err, "{}", progress(session, &p));
        let message = p.wording();
        let yes_no = |with_dont_know: bool| {
            let mut o = vec![
                Offer {
                    value: Some("yes".into()),
                    label: "yes".into(),
                },
                Offer {
                    value: Some("no".into()),
                    label: "no".into(),
                },
            ];
            if with_dont_know {
                o.push(Offer {
                    value: None,
                    label: DONT_KNOW.into(),
                });
            }
            o
        };
        let asked: Result<Reply, InquireError> = match (&p.question.answer, p.another) {
            // "Add another?" starts on no: an Enter too many adds nothing.
            (_, Some(_)) => pick(&message, yes_no(false), &help_text(&p, KEYS), 1),
            (Answer::Boolean | Answer::Records { .. } | Answer::Presence { .. }, None) => {
                pick(&message, yes_no(true), &help_text(&p, KEYS), 0)
            }
            (Answer::Choice { choices }, None) => {
                let mut o = offers(choices);
                o.push(Offer {
                    value: None,
                    label: DONT_KNOW.into(),
                });
                pick(&message, o, &help_text(&p, KEYS), 0).map(|r| match r {
                    Reply::Text(v) => Reply::Choice(v),
                    other => other,
                })
            }
            (Answer::MultiChoice { choices }, None) => {
                let mut o = offers(choices);
                o.push(Offer {
                    value: None,
                    label: format!("({DONT_KNOW})"),
                });
                inquire::MultiSelect::new(&message, o)
                    .with_help_message(&help_text(
                        &p,
                        "space to select, enter to answer (nothing selected: none), esc: back, ctrl-c: save and stop",
                    ))
                    .prompt()
                    .map(|picked| {
                        if picked.iter().any(|o| o.value.is_none()) {
                            Reply::DontKnow
                        } else {
                            Reply::Choices(picked.into_iter().filter_map(|o| o.value).collect())
                        }
                    })
            }
            (kind, None) => {
                let format = match kind {
                    Answer::Date => "a date: 2026-11-22 or 22/11/2026",
                    Answer::Duration => "a length of time: 72 hours, 12 months",
                    Answer::Integer => "a whole number",
                    Answer::Decimal => "a number",
                    _ => "text",
                };
                inquire::Text::new(&message)
                    .with_help_message(&help_text(
                        &p,
                        &format!("{format}; empty: don't know; esc: back, ctrl-c: save and stop"),
                    ))
                    .prompt()
                    .map(|t| Reply::from_line(kind, &t))
            }
        };
        let reply = match asked {
            Ok(r) => r,
            Err(InquireError::OperationCanceled) => Reply::Back,
            Err(InquireError::OperationInterrupted) => return Some(Stop::Interrupted),
            Err(_) => return Some(Stop::Ended),
        };
        if let Err(m) = session.answer(&p, reply) {
            let _ = writeln!(err, "  {m}");
        }
        save(session);
    }
    None
}

/// A choice list; "yes"/"no" come back as yes and no, other values as their name.
fn pick(
    message: &str,
    options: Vec<Offer>,
    help: &str,
    cursor: usize,
) -> Result<Reply, inquire::InquireError> {
    inquire::Select::new(message, options)
        .with_help_message(help)
        .with_starting_cursor(cursor)
        .with_page_size(12)
        .prompt()
        .map(|o| match o.value.as_deref() {
            None => Reply::DontKnow,
            Some("yes") if o.label == "yes" => Reply::Yes,
            Some("no") if o.label == "no" => Reply::No,
            Some(v) => Reply::Text(v.to_string()),
        })
}
