//! Git, behind a small trait. Resolution asks for four things (clone, fetch, find a commit,
//! check one out); [`GitCli`] does them with the `git` binary, and tests can answer them
//! without one. Whatever reaches git has been checked first: URLs against an allowlist
//! ([`check_url`]), revisions as object ids ([`check_revision`]), tags as plain names
//! ([`check_tag`]); and every URL or path goes after `--`, so nothing can be read as an option.

use std::path::Path;

/// The git operations dependency resolution needs. Errors are git's own words.
pub trait Git {
    /// Clone `url` into the new directory `dest`, without checking anything out.
    fn clone_repository(&self, url: &str, dest: &Path) -> Result<(), String>;
    /// Fetch every branch and tag from the clone's `origin`.
    fn fetch(&self, repo: &Path) -> Result<(), String>;
    /// The full object id of the commit `spec` names in `repo` (`refs/tags/v1^{commit}`,
    /// `<hex>^{commit}`), or `None` if it names none.
    fn commit(&self, repo: &Path, spec: &str) -> Result<Option<String>, String>;
    /// Check out `revision` (a full object id) of `repo` into the new directory `dest`.
    fn checkout(&self, repo: &Path, revision: &str, dest: &Path) -> Result<(), String>;
}

/// Git as the `git` binary on the `PATH`. Only the https, ssh and file transports are
/// allowed (so `ext::` and other remote helpers cannot run commands), and git never prompts.
pub struct GitCli;

impl GitCli {
    fn run(&self, cwd: Option<&Path>, args: &[&std::ffi::OsStr]) -> Result<String, String> {
        let mut cmd = std::process::Command::new("git");
        if let Some(d) = cwd {
            cmd.arg("-C").arg(d);
        }
        cmd.args([
            "-c",
            "protocol.allow=never",
            "-c",
            "protocol.https.allow=always",
            "-c",
            "protocol.ssh.allow=always",
            "-c",
            "protocol.file.allow=always",
        ]);
        cmd.args(args)
            .env("GIT_TERMINAL_PROMPT", "0")
            .stdin(std::process::Stdio::null());
        let out = cmd
            .output()
            .map_err(|e| format!("could not run git: {e}"))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
        }
    }
}

impl Git for GitCli {
    fn clone_repository(&self, url: &str, dest: &Path) -> Result<(), String> {
        check_url(url)?;
        self.run(
            None,
            &[
                "clone".as_ref(),
                "--quiet".as_ref(),
                "--no-checkout".as_ref(),
                "--".as_ref(),
                url.as_ref(),
                dest.as_os_str(),
            ],
        )
        .map(drop)
    }

    fn fetch(&self, repo: &Path) -> Result<(), String> {
        self.run(
            Some(repo),
            &[
                "fetch".as_ref(),
                "--quiet".as_ref(),
                "--tags".as_ref(),
                "--".as_ref(),
                "origin".as_ref(),
            ],
        )
        .map(drop)
    }

    fn commit(&self, repo: &Path, spec: &str) -> Result<Option<String>, String> {
        if spec.starts_with('-') {
            return Err(format!("`{spec}` is not a revision"));
        }
        // `--verify --quiet` prints nothing and fails when nothing matches.
        match self.run(
            Some(repo),
            &[
                "rev-parse".as_ref(),
                "--verify".as_ref(),
                "--quiet".as_ref(),
                "--end-of-options".as_ref(),
                spec.as_ref(),
            ],
        ) {
            Ok(id) if id.is_empty() => Ok(None),
            Ok(id) => {
                check_revision(&id)?;
                Ok(Some(id))
            }
            Err(e) if e.is_empty() => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn checkout(&self, repo: &Path, revision: &str, dest: &Path) -> Result<(), String> {
        check_revision(revision)?;
        self.run(
            None,
            &[
                "clone".as_ref(),
                "--quiet".as_ref(),
                "--no-checkout".as_ref(),
                "--".as_ref(),
                repo.as_os_str(),
                dest.as_os_str(),
            ],
        )?;
        self.run(
            Some(dest),
            &[
                "checkout".as_ref(),
                "--quiet".as_ref(),
                "--detach".as_ref(),
                revision.as_ref(),
                "--".as_ref(),
            ],
        )
        .map(drop)
    }
}

/// Is `url` one Ward fetches from: `https://…`, `ssh://…`, `file://…`, or scp-like ssh
/// (`git@host:path`)? Anything else — an option (`--upload-pack=…`), a remote helper
/// (`ext::…`), plain `http`, a bare path — is refused with why.
pub fn check_url(url: &str) -> Result<(), String> {
    let refuse = |why: &str| {
        Err(format!(
            "`{url}` is not a git URL Ward fetches from: {why}; use https://, ssh://, git@host:path or file://"
        ))
    };
    if url.is_empty() {
        return refuse("it is empty");
    }
    if url.starts_with('-') {
        return refuse("it starts with `-`, so git would read it as an option");
    }
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return refuse("it contains spaces or control characters");
    }
    for scheme in ["https://", "ssh://"] {
        if let Some(rest) = url.strip_prefix(scheme) {
            let authority = rest.split('/').next().unwrap_or_default();
            let host = authority.rsplit('@').next().unwrap_or_default();
            if host.is_empty() || host.starts_with('-') {
                return refuse("its host is empty or starts with `-`");
            }
            return Ok(());
        }
    }
    if let Some(rest) = url.strip_prefix("file://") {
        if rest.is_empty() {
            return refuse("it names no path");
        }
        return Ok(());
    }
    if url.contains("::") {
        return refuse("`::` selects a git remote helper, which can run commands");
    }
    if url.contains("://") {
        return refuse("only the https, ssh and file transports are allowed");
    }
    // scp-like: user@host:path, with no slash before the colon.
    if let Some((authority, path)) = url.split_once(':')
        && let Some((user, host)) = authority.split_once('@')
    {
        let word = |s: &str, extra: &[char]| {
            !s.is_empty()
                && !s.starts_with('-')
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || extra.contains(&c))
        };
        if word(user, &['.', '_', '-']) && word(host, &['.', '-']) && !path.starts_with('-') {
            return Ok(());
        }
        return refuse("the user, host or path of the scp-like address is not plain");
    }
    refuse("it has no allowed scheme")
}

/// Is `revision` a full git object id (40 hexadecimal digits for SHA-1, 64 for SHA-256)?
/// Checked before a revision becomes part of a path or reaches git.
pub fn check_revision(revision: &str) -> Result<(), String> {
    if matches!(revision.len(), 40 | 64) && revision.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(())
    } else {
        Err(format!(
            "`{revision}` is not a git object id (40 or 64 hexadecimal digits)"
        ))
    }
}

/// Is `rev` (as written in `ward.toml`, possibly abbreviated) hexadecimal, 4 to 64 digits?
pub fn check_short_revision(rev: &str) -> Result<(), String> {
    if (4..=64).contains(&rev.len()) && rev.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(())
    } else {
        Err(format!(
            "`{rev}` is not a commit id: write 4 to 64 hexadecimal digits (or pin a `tag`)"
        ))
    }
}

/// Is `tag` a plain tag name (letters, digits, `.`, `_`, `-`, `+`, `/`; not starting with `-`,
/// no `..`)?
pub fn check_tag(tag: &str) -> Result<(), String> {
    let plain = !tag.is_empty()
        && !tag.starts_with('-')
        && !tag.starts_with('/')
        && !tag.contains("..")
        && tag
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+' | '/'));
    if plain {
        Ok(())
    } else {
        Err(format!(
            "`{tag}` is not a tag name Ward accepts (letters, digits, `.`, `_`, `-`, `+`, `/`)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_allowed_by_scheme() {
        for ok in [
            "https://git.example.nhs.uk/icb.git",
            "ssh://git@git.example.nhs.uk/icb.git",
            "git@github.com:nhs/policy.git",
            "file:///srv/git/shared",
        ] {
            assert!(check_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "--upload-pack=touch /tmp/pwned",
            "--config=core.sshCommand=touch /tmp/x",
            "-u/tmp/x",
            "ext::sh -c touch% /tmp/pwned",
            "ext::sh",
            "http://example.com/repo.git",
            "ftp://example.com/repo",
            "/srv/git/shared",
            "../shared",
            "ssh://-oProxyCommand=touch%20x/repo",
            "https://",
            "git@-oProxyCommand:x",
            "git@host:-path",
            "file://",
            "https://example.com/a b",
            "https://example.com/\nrepo",
            "",
        ] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn revisions_are_object_ids() {
        assert!(check_revision(&"a".repeat(40)).is_ok());
        assert!(check_revision(&"0".repeat(64)).is_ok());
        for bad in ["", "abc", "../../etc", &format!("{}/../x", "a".repeat(40))] {
            assert!(check_revision(bad).is_err(), "{bad}");
        }
        assert!(check_short_revision("deadbeef").is_ok());
        assert!(check_short_revision("--all").is_err());
        assert!(check_tag("v1.4.0").is_ok());
        assert!(check_tag("release/2026").is_ok());
        for bad in ["--help", "a..b", "a b", ""] {
            assert!(check_tag(bad).is_err(), "{bad}");
        }
    }
}
