//! An interview as a state machine, with no terminal in it: the next question to put (the
//! query's best, except that an entry just added to a list has its own relevant fields asked
//! first and then "add another?"), the answer applied to the case, and one step back. The
//! `ward ask` command prompts and prints; everything it decides is decided here, so a script,
//! a test and a person get the same interview.

use super::kind::Answer;
use super::path::{self, Target};
use super::query::{NextQuestion, Progress, Reason, next_questions};
use super::reply::{Reply, value_of};
use crate::eval::case::Case;
use crate::eval::explain::FactPath;
use crate::eval::fact_path::path_text;
use crate::eval::ir::Program;
use crate::eval::value::Value;
use crate::hir::Instant;

/// The question to put now.
#[derive(Clone, Debug, PartialEq)]
pub struct Pending {
    pub question: NextQuestion,
    pub progress: Progress,
    /// "Add another?" to a list that has this many entries (the question's path is the list).
    pub another: Option<usize>,
}

impl Pending {
    /// The question as put: its `ask` text (or its path), and "add another?" for a list — the
    /// words every interview (`ward ask`, the web interview) uses.
    pub fn wording(&self) -> String {
        let q = &self.question;
        let ask = q.ask.clone().unwrap_or_else(|| format!("{}?", q.path));
        match (self.another, &q.answer) {
            (Some(n), _) => format!("{ask} Add another? ({n} so far)"),
            (None, super::Answer::Records { .. }) => format!("{ask} Add one?"),
            _ => ask,
        }
    }
}

#[derive(Clone, Debug)]
struct State {
    case: Case,
    declined: Vec<String>,
    /// The list entry being filled in: the list and the entry's index.
    focus: Option<(FactPath, u32)>,
    /// Lists the person has said have no more entries.
    closed: Vec<String>,
    /// Paths answered in this interview (never put again, whatever the query says).
    answered: Vec<String>,
}

pub struct Session<'p> {
    prog: &'p Program,
    as_of: Instant,
    state: State,
    history: Vec<State>,
}

impl<'p> Session<'p> {
    /// Start from a (partial) case; `declined` are paths already answered "don't know".
    pub fn new(prog: &'p Program, case: Case, declined: Vec<String>, as_of: Instant) -> Self {
        Session {
            prog,
            as_of,
            state: State {
                case,
                declined,
                focus: None,
                closed: vec![],
                answered: vec![],
            },
            history: vec![],
        }
    }

    pub fn case(&self) -> &Case {
        &self.state.case
    }

    /// Paths answered "don't know" (and optional records said to be absent).
    pub fn declined(&self) -> &[String] {
        &self.state.declined
    }

    /// How many questions have been answered (going back takes one off).
    pub fn answered(&self) -> usize {
        self.history.len()
    }

    /// The next question, or `None` when nothing more is worth asking.
    pub fn next(&self) -> Option<Pending> {
        let s = &self.state;
        let next = next_questions(self.prog, &s.case, self.as_of, &s.declined);
        let progress = next.progress;
        let fresh = |q: &&NextQuestion| !s.answered.contains(&q.path);
        if let Some((list, i)) = &s.focus {
            let list_text = path_text(self.prog, list);
            let prefix = format!("{list_text}[{i}].");
            if let Some(q) = next
                .questions
                .iter()
                .filter(fresh)
                .find(|q| q.path.starts_with(&prefix))
            {
                return Some(Pending {
                    question: q.clone(),
                    progress,
                    another: None,
                });
            }
            if !s.closed.contains(&list_text) {
                let (help, ty) = super::kind::path_help(self.prog, list);
                return Some(Pending {
                    question: NextQuestion {
                        path: list_text,
                        ask: crate::eval::fact_path::path_question(self.prog, list),
                        help: (!help.is_empty()).then(|| help.to_string()),
                        answer: super::kind::answer_kind(self.prog, ty),
                        reason: Reason::Undetermined,
                        settles: 0,
                        duties: vec![],
                        levels: vec![],
                    },
                    progress,
                    another: Some(*i as usize + 1),
                });
            }
        }
        let q = next.questions.iter().find(fresh)?;
        Some(Pending {
            question: q.clone(),
            progress,
            another: None,
        })
    }

    /// Go back one question: its answer is undone. False at the first question.
    pub fn back(&mut self) -> bool {
        match self.history.pop() {
            Some(s) => {
                self.state = s;
                true
            }
            None => false,
        }
    }

    /// Apply the reply to the pending question. An unusable reply (a date that is no date)
    /// changes nothing and says what was expected.
    pub fn answer(&mut self, pending: &Pending, reply: Reply) -> Result<(), String> {
        if reply == Reply::Back {
            self.back();
            return Ok(());
        }
        let q = &pending.question;
        let target = path::resolve(self.prog, &q.path)
            .ok_or_else(|| format!("there is no fact `{}`", q.path))?;
        let mut s = self.state.clone();
        match (target, pending.another) {
            (Target::Value(list), Some(n)) => match reply {
                Reply::Yes => self.add_entry(&mut s, &list, n)?,
                _ => {
                    s.closed.push(q.path.clone());
                    s.focus = None;
                }
            },
            (Target::Record(fi), _) => {
                match reply {
                    Reply::Yes => s.case.present[fi as usize] = true,
                    Reply::No | Reply::DontKnow => s.declined.push(q.path.clone()),
                    _ => return Err("answer yes or no (or don't know)".into()),
                }
                s.answered.push(q.path.clone());
            }
            (Target::Value(p), None) => {
                match (&q.answer, reply) {
                    (_, Reply::DontKnow) => s.declined.push(q.path.clone()),
                    (Answer::Records { .. }, Reply::Yes) => self.add_entry(&mut s, &p, 0)?,
                    (Answer::Records { .. }, Reply::No) => {
                        path::set(self.prog, &mut s.case, &p, Value::List(vec![].into()))?;
                    }
                    (Answer::Records { .. }, _) => {
                        return Err("answer yes to add an entry, or no".into());
                    }
                    (_, reply) => {
                        let ty = path::type_at(self.prog, &p);
                        let v = value_of(self.prog, ty, &reply)?;
                        path::set(self.prog, &mut s.case, &p, v)?;
                    }
                }
                s.answered.push(q.path.clone());
            }
        }
        self.history.push(std::mem::replace(&mut self.state, s));
        Ok(())
    }

    /// Add a blank entry at the end of the list (which has `n` entries) and fill it in next.
    fn add_entry(&self, s: &mut State, list: &FactPath, n: usize) -> Result<(), String> {
        let ty = path::type_at(self.prog, list);
        let blank = path::blank_element(self.prog, ty)
            .ok_or_else(|| "entries are added only to lists of records".to_string())?;
        let mut items: Vec<Value> = match path::get(&s.case, list) {
            Value::List(xs) => xs.to_vec(),
            _ => vec![],
        };
        items.truncate(n);
        items.push(blank);
        let index = items.len() as u32 - 1;
        path::set(self.prog, &mut s.case, list, Value::List(items.into()))?;
        s.focus = Some((list.clone(), index));
        Ok(())
    }
}
