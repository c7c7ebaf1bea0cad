//! How pip turns a requirements file's bytes into text
//! (`pip/_internal/utils/encoding.py`, `auto_decode`): a byte-order mark
//! decides first (UTF-8, UTF-16, UTF-32), then a PEP 263 `coding:` comment
//! in the first two lines, then the locale's encoding, which adrift takes
//! to be UTF-8 (what CI machines run with).
//!
//! Decoding keeps what adrift shows and what pip reads in step: the text
//! returned is what pip parses, and [`display_text`] gives the same text
//! with pip's line boundaries (`str.splitlines`) written as `\n`, byte for
//! byte the same length, so that spans are valid in both and the line
//! numbers adrift prints are the ones pip counts.

/// A decoded requirements file.
#[derive(Debug)]
pub struct Decoded {
    /// The text; for a UTF-8 file with a byte-order mark the mark is kept
    /// (so offsets are the file's), and [`Decoded::body`] skips it.
    pub text: String,
    /// Where the content pip parses starts in `text`.
    pub body: usize,
    /// Something pip does with this file that its author would not expect,
    /// worth a finding at the start of the file.
    pub warning: Option<String>,
}

/// Why a file cannot be decoded the way pip would.
#[derive(Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// The byte offset in the file where decoding failed.
    pub offset: usize,
    pub message: String,
}

const BOMS: [(&[u8], Encoding); 7] = [
    (b"\xef\xbb\xbf", Encoding::Utf8),
    // `codecs.BOM_UTF16` is the machine's own order: little-endian on every
    // machine pip runs CI on.
    (b"\xff\xfe", Encoding::Utf16 { big_endian: false }),
    (b"\xfe\xff", Encoding::Utf16 { big_endian: true }),
    (b"\xff\xfe", Encoding::Utf16 { big_endian: false }),
    (b"\xff\xfe\x00\x00", Encoding::Utf32 { big_endian: false }),
    (b"\x00\x00\xfe\xff", Encoding::Utf32 { big_endian: true }),
    (b"\xff\xfe\x00\x00", Encoding::Utf32 { big_endian: false }),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Utf16 { big_endian: bool },
    Utf32 { big_endian: bool },
    Latin1,
    Ascii,
    Cp1252,
}

/// Decodes a requirements file's bytes as pip does.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    // pip checks the UTF-16 marks before the UTF-32 ones, so a UTF-32
    // little-endian file (FF FE 00 00) is read as UTF-16 and its every
    // other character is a NUL: pip rejects it. adrift reads what the
    // author meant and says so.
    if bytes.starts_with(b"\xff\xfe\x00\x00") {
        let text = utf32(&bytes[4..], false, 4)?;
        return Ok(Decoded {
            text,
            body: 0,
            warning: Some(
                "pip reads a file that starts with the UTF-32 little-endian byte-order mark as UTF-16 and fails on it"
                    .to_string(),
            ),
        });
    }
    for (bom, encoding) in BOMS {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return match encoding {
                Encoding::Utf8 => match std::str::from_utf8(rest) {
                    Ok(text) => Ok(Decoded {
                        text: format!("\u{feff}{text}"),
                        body: 3,
                        warning: None,
                    }),
                    Err(e) => Err(not_valid("UTF-8", 3 + e.valid_up_to())),
                },
                Encoding::Utf16 { big_endian } => Ok(plain(utf16(rest, big_endian, bom.len())?)),
                Encoding::Utf32 { big_endian } => Ok(plain(utf32(rest, big_endian, bom.len())?)),
                _ => unreachable!("byte-order marks are Unicode encodings"),
            };
        }
    }
    if let Some((name, encoding)) = declared_encoding(bytes) {
        return match encoding {
            Some(encoding) => single_byte(bytes, encoding, &name).map(plain),
            // An encoding adrift does not know decodes pure ASCII the same
            // way as long as it is ASCII-compatible, which a readable
            // `coding:` line shows it is.
            None if bytes.is_ascii() && !is_wide(&name) => Ok(plain(ascii(bytes))),
            None => Err(DecodeError {
                offset: bytes.iter().position(|b| !b.is_ascii()).unwrap_or(0),
                message: format!(
                    "the file declares the encoding `{name}`, which adrift does not decode"
                ),
            }),
        };
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(plain(text.to_string())),
        Err(e) => Err(not_valid("UTF-8", e.valid_up_to())),
    }
}

fn plain(text: String) -> Decoded {
    Decoded {
        text,
        body: 0,
        warning: None,
    }
}

fn not_valid(encoding: &str, offset: usize) -> DecodeError {
    DecodeError {
        offset,
        message: format!("file is not valid {encoding} (first bad byte at offset {offset})"),
    }
}

fn ascii(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| b as char).collect()
}

fn utf16(bytes: &[u8], big_endian: bool, base: usize) -> Result<String, DecodeError> {
    let units = bytes.chunks(2).map(|pair| match (pair, big_endian) {
        ([a, b], true) => u16::from_be_bytes([*a, *b]),
        ([a, b], false) => u16::from_le_bytes([*a, *b]),
        // An odd byte at the end: never a whole unit.
        _ => 0xDC00,
    });
    let mut text = String::with_capacity(bytes.len() / 2);
    let mut at = base;
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => {
                at += 2 * c.len_utf16();
                text.push(c);
            }
            Err(_) => return Err(not_valid("UTF-16", at)),
        }
    }
    Ok(text)
}

fn utf32(bytes: &[u8], big_endian: bool, base: usize) -> Result<String, DecodeError> {
    let mut text = String::with_capacity(bytes.len() / 4);
    for (i, quad) in bytes.chunks(4).enumerate() {
        let at = base + 4 * i;
        let [a, b, c, d] = quad else {
            return Err(not_valid("UTF-32", at));
        };
        let value = if big_endian {
            u32::from_be_bytes([*a, *b, *c, *d])
        } else {
            u32::from_le_bytes([*a, *b, *c, *d])
        };
        match char::from_u32(value) {
            Some(c) => text.push(c),
            None => return Err(not_valid("UTF-32", at)),
        }
    }
    Ok(text)
}

/// The Windows-1252 characters of bytes 0x80–0x9F (Python's `cp1252`
/// leaves five of them undefined: decoding them fails).
const CP1252: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

fn single_byte(bytes: &[u8], encoding: Encoding, name: &str) -> Result<String, DecodeError> {
    match encoding {
        Encoding::Utf8 => std::str::from_utf8(bytes)
            .map(str::to_string)
            .map_err(|e| not_valid("UTF-8", e.valid_up_to())),
        Encoding::Latin1 => Ok(bytes.iter().map(|&b| b as char).collect()),
        Encoding::Ascii => match bytes.iter().position(|b| !b.is_ascii()) {
            None => Ok(ascii(bytes)),
            Some(offset) => Err(not_valid(name, offset)),
        },
        Encoding::Cp1252 => {
            let mut text = String::with_capacity(bytes.len());
            for (offset, &b) in bytes.iter().enumerate() {
                let c = match b {
                    0x80..=0x9f => CP1252[usize::from(b - 0x80)],
                    _ => Some(b as char),
                };
                match c {
                    Some(c) => text.push(c),
                    None => return Err(not_valid(name, offset)),
                }
            }
            Ok(text)
        }
        Encoding::Utf16 { .. } | Encoding::Utf32 { .. } => unreachable!("not declared"),
    }
}

/// Whether a declared encoding is one whose ASCII is not one byte a character.
fn is_wide(name: &str) -> bool {
    let n = normalise_encoding(name);
    n.starts_with("utf_16")
        || n.starts_with("utf_32")
        || n.starts_with("utf16")
        || n.starts_with("utf32")
}

/// Python's `encodings.normalize_encoding`, lower-cased as codec lookup is.
fn normalise_encoding(name: &str) -> String {
    let mut out = String::new();
    let mut pending = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            if pending && !out.is_empty() {
                out.push('_');
            }
            pending = false;
            out.push(c.to_ascii_lowercase());
        } else {
            pending = true;
        }
    }
    out
}

/// The PEP 263 declaration pip honours: `coding[:=]\s*([-\w.]+)` in one
/// of the first two lines (split on `\n`), on a line starting with `#`.
/// `None` inside means an encoding adrift does not decode.
fn declared_encoding(bytes: &[u8]) -> Option<(String, Option<Encoding>)> {
    for line in bytes.split(|&b| b == b'\n').take(2) {
        if line.first() != Some(&b'#') {
            continue;
        }
        let Some(at) = find_coding(line) else {
            continue;
        };
        let name: String = line[at..]
            .iter()
            .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            .map(|&b| b as char)
            .collect();
        let encoding = match normalise_encoding(&name).as_str() {
            "utf_8" | "utf8" | "u8" | "utf" | "utf8_ucs2" | "utf8_ucs4" | "cp65001"
            | "utf_8_sig" => Some(Encoding::Utf8),
            "latin_1" | "latin1" | "latin" | "l1" | "iso_8859_1" | "iso8859_1" | "8859"
            | "cp819" | "iso_ir_100" | "csisolatin1" | "ibm819" | "iso_8859_1_1987" => {
                Some(Encoding::Latin1)
            }
            "ascii" | "us_ascii" | "646" | "us" | "cp367" | "csascii" | "ibm367" | "iso646_us"
            | "iso_ir_6" | "ansi_x3.4_1968" | "ansi_x3_4_1968" | "ansi_x3.4_1986"
            | "iso_646.irv_1991" => Some(Encoding::Ascii),
            "cp1252" | "windows_1252" => Some(Encoding::Cp1252),
            _ => None,
        };
        return Some((name, encoding));
    }
    None
}

/// Where the encoding name starts after `coding:` or `coding=` and white
/// space, in a line; the name must not be empty.
fn find_coding(line: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = line[from..]
        .windows(6)
        .position(|w| w == b"coding")
        .map(|i| i + from)
    {
        from = i + 1;
        let mut j = i + 6;
        if !matches!(line.get(j), Some(b':' | b'=')) {
            continue;
        }
        j += 1;
        // Python's `\s` on bytes: ASCII white space.
        while matches!(
            line.get(j),
            Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
        ) {
            j += 1;
        }
        if line
            .get(j)
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        {
            return Some(j);
        }
    }
    None
}

/// Whether `c` ends a line for Python's `str.splitlines` (`\r\n` is one
/// boundary).
pub fn is_line_boundary(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\x0b'
            | '\x0c'
            | '\x1c'
            | '\x1d'
            | '\x1e'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// The text as adrift shows it: every line boundary pip sees becomes a
/// `\n` of the same byte length (`\r`, `\v`, `\f`, `\x1c`–`\x1e` become
/// `\n`; `\u{85}` becomes `\r\n`; `\u{2028}` and `\u{2029}` become
/// ` \r\n`), so that spans stay valid and lines are counted as pip counts
/// them.
pub fn display_text(text: &str) -> String {
    if !text.contains(|c: char| is_line_boundary(c) && c != '\n') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => out.push('\r'),
            '\r' | '\x0b' | '\x0c' | '\x1c' | '\x1d' | '\x1e' => out.push('\n'),
            '\u{85}' => out.push_str("\r\n"),
            '\u{2028}' | '\u{2029}' => out.push_str(" \r\n"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str) -> Vec<u8> {
        let mut out = vec![0xff, 0xfe];
        out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        out
    }

    #[test]
    fn byte_order_marks_decide_the_encoding() {
        let d = decode(b"\xef\xbb\xbffastapi\n").unwrap();
        assert_eq!((&d.text[d.body..], d.body), ("fastapi\n", 3));
        let d = decode(&utf16le("fastapi\nredis\n")).unwrap();
        assert_eq!(d.text, "fastapi\nredis\n");
        let mut be = vec![0xfe, 0xff];
        be.extend("sqlalchemy".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be).unwrap().text, "sqlalchemy");
        let mut be32 = vec![0, 0, 0xfe, 0xff];
        be32.extend("redis".chars().flat_map(|c| (c as u32).to_be_bytes()));
        assert_eq!(decode(&be32).unwrap().text, "redis");
        let mut le32 = vec![0xff, 0xfe, 0, 0];
        le32.extend("redis".chars().flat_map(|c| (c as u32).to_le_bytes()));
        let d = decode(&le32).unwrap();
        assert_eq!(d.text, "redis");
        assert!(d.warning.is_some());
    }

    #[test]
    fn broken_encodings_say_where() {
        assert_eq!(decode(b"ok\n\xff").unwrap_err().offset, 3);
        assert_eq!(decode(b"\xff\xfe\x00\xd8").unwrap_err().offset, 2);
        assert_eq!(decode(b"\xfe\xff\x00a\x00").unwrap_err().offset, 4);
    }

    #[test]
    fn a_coding_comment_is_honoured() {
        assert_eq!(
            decode(b"# -*- coding: latin-1 -*-\ncaf\xe9\n")
                .unwrap()
                .text,
            "# -*- coding: latin-1 -*-\ncafé\n"
        );
        assert_eq!(
            decode(b"\n# vim: set fileencoding=cp1252 :\n\x80\n")
                .unwrap()
                .text,
            "\n# vim: set fileencoding=cp1252 :\n€\n"
        );
        assert!(decode(b"# coding: ascii\n\xe9").is_err());
        // Only the first two lines count, and only comment lines.
        assert!(decode(b"\n\n# coding: latin-1\n\xe9").is_err());
        assert!(decode(b"x # coding: latin-1\n\xe9").is_err());
        assert!(decode(b"# coding: koi8-r\nfastapi\n").is_ok());
        assert!(decode(b"# coding: koi8-r\n\xe9\n").is_err());
    }

    #[test]
    fn display_text_keeps_lengths() {
        let text = "a\rb\r\nc\x0bd\u{85}e\u{2028}f";
        let shown = display_text(text);
        assert_eq!(shown.len(), text.len());
        assert_eq!(shown, "a\nb\r\nc\nd\r\ne \r\nf");
    }
}
