//! The keys that sign standard-library packages. A key is an ed25519 key pair; its id is the
//! first eight bytes of the sha256 of the public key, so an id names exactly one key. Key files
//! are short text files a person can read (`ward stdlib keygen` writes them): a first line
//! saying what the file is, then `id:`, `name:` and the key in hex. The public keys this `ward`
//! trusts are built into it (`stdlib/keys/*.pub`, [`Keyring::embedded`]); verification takes a
//! [`Keyring`] as a parameter, so tests trust a test key without the release binary doing so.

use std::fmt;
use std::sync::OnceLock;

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

const PUBLIC_HEADER: &str = "ward signing public key";
const SECRET_HEADER: &str = "ward signing secret key";
/// The longest key name: one line, for reports.
const MAX_NAME: usize = 100;

/// A key's id: the first eight bytes of the sha256 of its public key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyId(pub [u8; 8]);

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex(&self.0))
    }
}

impl KeyId {
    fn of(key: &VerifyingKey) -> KeyId {
        let digest = ward_core::lower::sha256_hex(key.as_bytes());
        let mut id = [0u8; 8];
        // `sha256:` then 64 hex digits; the first 16 are the id.
        let bytes = unhex(&digest["sha256:".len()..]).unwrap_or_default();
        id.copy_from_slice(&bytes[..8]);
        KeyId(id)
    }
}

/// A public key that can check a package's signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKey {
    pub id: KeyId,
    /// Who holds the secret half, in words: `NHS England national library (2026)`.
    pub name: String,
    key: VerifyingKey,
}

impl PublicKey {
    /// Does `signature` sign `message` under this key? The strict check: no malleable
    /// signatures, no weak keys.
    pub fn verifies(&self, message: &[u8], signature: &[u8; 64]) -> bool {
        self.key
            .verify_strict(message, &Signature::from_bytes(signature))
            .is_ok()
    }

    /// How reports name the signer: `1a2b3c4d5e6f7081 (Ward test signing key)`.
    pub fn describe(&self) -> String {
        format!("{} ({})", self.id, self.name)
    }

    /// The text of a `.pub` file.
    pub fn to_file(&self) -> String {
        format!(
            "{PUBLIC_HEADER}\nid: {}\nname: {}\nkey: {}\n",
            self.id,
            self.name,
            hex(self.key.as_bytes())
        )
    }

    /// Read a `.pub` file.
    pub fn from_file(text: &str) -> Result<PublicKey, String> {
        let f = fields(text, PUBLIC_HEADER, "key")?;
        let key = VerifyingKey::from_bytes(&f.key)
            .map_err(|_| "`key` is not a valid ed25519 public key".to_string())?;
        let public = PublicKey {
            id: KeyId::of(&key),
            name: f.name,
            key,
        };
        check_id(&f.id, public.id)?;
        Ok(public)
    }
}

/// The secret half, which signs. Its bytes are wiped from memory when it is dropped.
pub struct SecretKey {
    pub name: String,
    key: SigningKey,
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretKey({})", self.public().describe())
    }
}

impl SecretKey {
    /// A new key from the operating system's random number generator.
    pub fn generate(name: &str) -> Result<SecretKey, String> {
        check_name(name)?;
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed)
            .map_err(|e| format!("could not get random bytes for a new key: {e}"))?;
        let key = SigningKey::from_bytes(&seed);
        seed.fill(0);
        Ok(SecretKey {
            name: name.to_string(),
            key,
        })
    }

    pub fn public(&self) -> PublicKey {
        let key = self.key.verifying_key();
        PublicKey {
            id: KeyId::of(&key),
            name: self.name.clone(),
            key,
        }
    }

    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.key.sign(message).to_bytes()
    }

    /// The text of a secret key file.
    pub fn to_file(&self) -> String {
        format!(
            "{SECRET_HEADER}\nid: {}\nname: {}\nsecret: {}\n",
            self.public().id,
            self.name,
            hex(self.key.as_bytes())
        )
    }

    /// Read a secret key file.
    pub fn from_file(text: &str) -> Result<SecretKey, String> {
        let f = fields(text, SECRET_HEADER, "secret")?;
        let secret = SecretKey {
            name: f.name,
            key: SigningKey::from_bytes(&f.key),
        };
        check_id(&f.id, secret.public().id)?;
        Ok(secret)
    }
}

/// The public keys a verification trusts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Keyring {
    keys: Vec<PublicKey>,
}

impl Keyring {
    pub fn new(keys: Vec<PublicKey>) -> Keyring {
        Keyring { keys }
    }

    /// The keys built into this `ward` (`stdlib/keys/*.pub`). A file that does not read as a
    /// key is left out, so it can only make verification fail, never pass; a test holds every
    /// built-in file to reading.
    pub fn embedded() -> &'static Keyring {
        static KEYS: OnceLock<Keyring> = OnceLock::new();
        KEYS.get_or_init(|| {
            Keyring::new(
                ward_stdlib::trusted_keys()
                    .iter()
                    .filter_map(|(_, text)| PublicKey::from_file(text).ok())
                    .collect(),
            )
        })
    }

    pub fn get(&self, id: KeyId) -> Option<&PublicKey> {
        self.keys.iter().find(|k| k.id == id)
    }

    pub fn keys(&self) -> &[PublicKey] {
        &self.keys
    }
}

/// The fields of a key file.
struct Fields {
    id: String,
    name: String,
    key: [u8; 32],
}

fn fields(text: &str, header: &str, key_field: &str) -> Result<Fields, String> {
    let mut lines = text.lines();
    if lines.next().map(str::trim_end) != Some(header) {
        return Err(format!("the first line must be `{header}`"));
    }
    let (mut id, mut name, mut key) = (None, None, None);
    for (n, line) in lines.enumerate() {
        let n = n + 2;
        if line.trim().is_empty() {
            continue;
        }
        let Some((field, value)) = line.split_once(':') else {
            return Err(format!("line {n}: expected `field: value`"));
        };
        let value = value.trim().to_string();
        let slot = match field.trim() {
            "id" => &mut id,
            "name" => &mut name,
            f if f == key_field => &mut key,
            other => {
                return Err(format!(
                    "line {n}: unknown field `{other}` (expected id, name, {key_field})"
                ));
            }
        };
        if slot.replace(value).is_some() {
            return Err(format!("line {n}: `{}` is given twice", field.trim()));
        }
    }
    let need = |v: Option<String>, f: &str| v.ok_or_else(|| format!("`{f}` is missing"));
    let (id, name, key) = (need(id, "id")?, need(name, "name")?, need(key, key_field)?);
    check_name(&name)?;
    let key: [u8; 32] = unhex(&key)
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| format!("`{key_field}` must be 64 hexadecimal digits"))?;
    Ok(Fields { id, name, key })
}

fn check_id(given: &str, actual: KeyId) -> Result<(), String> {
    if given == actual.to_string() {
        Ok(())
    } else {
        Err(format!(
            "`id` is {given}, but the key's id is {actual} (the file was edited)"
        ))
    }
}

fn check_name(name: &str) -> Result<(), String> {
    if name.trim().is_empty() || name.len() > MAX_NAME || name.chars().any(char::is_control) {
        return Err(format!(
            "a key's name is one line of at most {MAX_NAME} characters"
        ));
    }
    Ok(())
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.is_ascii() {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_files_round_trip_and_edits_are_caught() {
        let secret = SecretKey::generate("A test key").unwrap();
        let again = SecretKey::from_file(&secret.to_file()).unwrap();
        assert_eq!(again.public(), secret.public());
        let public = PublicKey::from_file(&secret.public().to_file()).unwrap();
        assert_eq!(public, secret.public());
        let sig = secret.sign(b"message");
        assert!(public.verifies(b"message", &sig));
        assert!(!public.verifies(b"messagf", &sig));
        let edited = public
            .to_file()
            .replace(&public.id.to_string(), "0000000000000000");
        let err = PublicKey::from_file(&edited).unwrap_err();
        assert!(err.contains("the file was edited"), "{err}");
        assert!(PublicKey::from_file(&secret.to_file()).is_err());
        assert!(PublicKey::from_file("").is_err());
        assert!(SecretKey::generate("two\nlines").is_err());
    }

    #[test]
    fn every_built_in_key_reads() {
        assert_eq!(
            Keyring::embedded().keys().len(),
            ward_stdlib::trusted_keys().len()
        );
        for (path, text) in ward_stdlib::trusted_keys() {
            PublicKey::from_file(text).unwrap_or_else(|e| panic!("stdlib/{path}: {e}"));
        }
    }
}
