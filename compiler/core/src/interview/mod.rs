//! Asking only the questions that matter: given a partial case, which unknown facts are worth
//! asking next, best first. This is the compiler's answer; `ward ask`, the language server
//! and an HTTP service are shells around it, and none of them ranks anything itself.
//!
//! # The query (stable API)
//!
//! [`next_questions`]`(prog, case, as_of, declined)` evaluates the case and returns
//! [`NextQuestions`] (serde-serialisable):
//!
//! * `progress` — duties `settled` (they apply or do not), `undetermined`, and the `total`;
//! * `questions` — one [`NextQuestion`] per fact worth asking, best first. Each has the fact's
//!   `path` (`organisation.nation`, `data.flows[0].cldc_basis`), its `ask` text, its doc
//!   comment as `help`, the [`Answer`] kind it takes (with the choices and their descriptions
//!   for enums), why it is asked ([`Reason`]), how many undetermined duties its answer alone
//!   could settle (`settles`), every duty it bears on (`duties`) and the strongest levels at
//!   stake (`levels`, strongest first).
//!
//! A fact is asked only while it matters: it is among the missing facts of a rule that leaves
//! an undetermined duty open (the explainer's three-valued walk, so an answer that settles a
//! condition takes every fact under it off the list: no device class once the technology is
//! not a device) — [`Reason::Undetermined`]; or it is an optional record (`change`) or a
//! defaulted list (`incidents`) not yet confirmed, whose presence would change some duty —
//! [`Reason::Presence`]; or it shapes what the report says of a duty that applies: a
//! deadline's anchor ([`Reason::Deadline`]), another of its rules that might apply or a fact
//! it holds for being unknown ([`Reason::Form`]); or it decides a duty that would apply in a
//! nation the cited guidance covers, which the report lists as beyond coverage
//! ([`Reason::Coverage`]). So an interview answered from an example case writes a file whose
//! report is the example's. Paths in `declined` (answered "don't know") are never asked again; a
//! declined path stays unknown in the case, never false.
//!
//! Ranking: questions about undetermined duties and presence before those that only date a
//! duty; then most duties settled, strongest level at stake, most duties borne on, and the
//! order the facts are declared in (so the organisation comes before its data).
//!
//! # The interview
//!
//! [`session::Session`] puts the questions one at a time (an entry just added to a list has
//! its own fields asked first, then "add another?"), applies each [`reply::Reply`], and goes
//! back one step; [`yaml::write_case`] writes the answers as a commented YAML case, and
//! [`yaml::declined_in`] reads the "don't know" answers back from one to resume.
//! [`replay::replay`] answers an interview from a case already written, to measure how many
//! questions reach its decision. [`path`] reads the query's path texts back into the case.
//!
//! Everything here is a pure function of the lowered program, the case and the date.

mod kind;
pub mod path;
mod query;
pub mod replay;
pub mod reply;
pub mod session;
pub mod yaml;

pub use kind::{Answer, Choice, answer_kind, path_help};
pub use query::{NextQuestion, NextQuestions, Progress, Reason, next_questions};
