//! The language server's frame reader (`ward_lsp::framing`) on arbitrary bytes, cut into
//! chunks at points the input chooses: never a panic; what it forwards is always a JSON-RPC
//! object the protocol library decodes; every rejection's reply is one well-framed JSON-RPC
//! error; and the frames do not depend on where the stream was cut.
#![no_main]

use ward_lsp::framing::{Frame, FrameReader};

fn run(data: &[u8], cuts: &[u8]) -> Vec<Frame> {
    let mut r = FrameReader::new();
    let mut out = Vec::new();
    let mut at = 0;
    let mut i = 0;
    while at < data.len() {
        let step = cuts.get(i).map_or(data.len(), |&c| 1 + c as usize);
        i += 1;
        let end = (at + step).min(data.len());
        r.push(&data[at..end]);
        at = end;
        while let Some(f) = r.next_frame() {
            out.push(f);
        }
    }
    out
}

libfuzzer_sys::fuzz_target!(|input: &[u8]| {
    // The first byte says how many of the next bytes are chunk sizes.
    let (&n, rest) = input.split_first().unwrap_or((&0, &[]));
    let n = (n as usize % 16).min(rest.len());
    let (cuts, data) = rest.split_at(n);
    let whole = run(data, &[]);
    assert_eq!(
        whole,
        run(data, cuts),
        "frames depend on where the stream was cut"
    );
    for f in &whole {
        match f {
            Frame::Message(body) => {
                let v: serde_json::Value = serde_json::from_slice(body).expect("forwarded JSON");
                assert!(v.is_object(), "forwarded a non-object");
            }
            Frame::Rejected { reason, reply } => {
                assert!(!reason.is_empty());
                let reply = reply.as_ref().expect("every rejection is answered");
                let mut r = FrameReader::new();
                r.push(reply);
                let Some(Frame::Message(body)) = r.next_frame() else {
                    panic!("the reply is not one good frame");
                };
                let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
                assert!(v["error"]["code"].is_i64());
            }
        }
    }
});
