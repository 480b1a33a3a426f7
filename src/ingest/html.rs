//! Markup → text, keeping offsets into the raw markup.
//!
//! In: the raw text of an `.html`/`.htm` or `.md` file. Out: [`Mapped`] text in which every
//! kept character maps to its own raw position; a character that stands for several raw ones
//! (an entity, a line break for a block tag, a tab between table cells) maps to where they
//! start.

use super::text::Mapped;

/// Elements whose whole content is dropped: code, styling and page furniture.
const SKIP_ELEMENTS: &[&str] = &[
    "script", "style", "nav", "header", "footer", "aside", "noscript", "template", "svg", "iframe",
    "select", "button",
];

/// `class` or `id` words that mark a box of page furniture (menus, breadcrumbs, share bars,
/// related links, footers). Whole words only: `header-title` may hold the report's title.
const FURNITURE_CLASSES: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "topbar",
    "toolbar",
    "breadcrumb",
    "breadcrumbs",
    "crumb",
    "crumbs",
    "position",
    "location",
    "share",
    "sharebar",
    "bdsharebuttonbox",
    "sidebar",
    "related",
    "footer",
    "copyright",
    "header",
    "comment",
    "comments",
];

/// True for an element whose `class` or `id` names it as page furniture.
fn is_furniture_box(tag: &Tag) -> bool {
    let lower = tag.attrs.to_ascii_lowercase();
    ["class", "id"].iter().any(|attr| {
        attr_value(&lower, attr).is_some_and(|v| {
            v.split_whitespace()
                .any(|word| FURNITURE_CLASSES.contains(&word))
        })
    })
}

/// The value of attribute `name` in a tag's attribute text (lowercased), quoted or not.
fn attr_value<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let mut search = 0;
    while let Some(pos) = attrs[search..].find(name) {
        let at = search + pos;
        search = at + name.len();
        let before_ok = at == 0 || attrs[..at].ends_with(|c: char| c.is_whitespace());
        let rest = attrs[search..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let rest = rest[1..].trim_start();
        return Some(match rest.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let body = &rest[1..];
                &body[..body.find(q).unwrap_or(body.len())]
            }
            _ => {
                &rest[..rest
                    .find(|c: char| c.is_whitespace() || c == '>')
                    .unwrap_or(rest.len())]
            }
        });
    }
    None
}

/// Elements that start or end a line of text.
const BLOCK_ELEMENTS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "blockquote",
    "pre",
    "title",
    "dd",
    "dt",
    "hr",
    "caption",
];

/// Strips tags, comments and skipped elements; decodes entities; block tags become `\n`;
/// runs of markup whitespace become one space.
pub fn strip(raw: &str) -> Mapped {
    let chars: Vec<char> = raw.chars().collect();
    let mut out = Mapped::default();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '<' {
            if starts_with_ci(&chars, i, "<!--") {
                i = find(&chars, i + 4, "-->").map_or(chars.len(), |e| e + 3);
                continue;
            }
            if let Some(tag) = parse_tag(&chars, i) {
                let name = tag.name.as_str();
                if !tag.closing && (SKIP_ELEMENTS.contains(&name) || is_furniture_box(&tag)) {
                    i = if tag.self_closing {
                        tag.end
                    } else {
                        skip_element(&chars, tag.end, name)
                    };
                    push_break(&mut out, i as u32 - 1);
                    continue;
                }
                if BLOCK_ELEMENTS.contains(&name) {
                    push_break(&mut out, i as u32);
                } else if !tag.closing && (name == "td" || name == "th") {
                    push_cell(&mut out, i as u32);
                }
                i = tag.end;
                continue;
            }
            // A lone '<' in text.
            out.push(c, i as u32);
            i += 1;
        } else if c == '&' {
            match parse_entity(&chars, i) {
                Some((decoded, end)) => {
                    push_text(&mut out, decoded, i as u32);
                    i = end;
                }
                None => {
                    out.push(c, i as u32);
                    i += 1;
                }
            }
        } else {
            push_text(&mut out, c, i as u32);
            i += 1;
        }
    }
    out
}

/// Markdown → text: drops heading markers (`#`), emphasis markers (`*`, `_` pairs), list
/// bullets, and link/image targets (`[text](url)` keeps `text`).
pub fn markdown(raw: &str) -> Mapped {
    let chars: Vec<char> = raw.chars().collect();
    let mut out = Mapped::default();
    let mut line_start = true;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if line_start {
            // Leading blanks stay (they mark paragraphs); then `#`s or a bullet.
            let mut j = i;
            while j < chars.len() && (chars[j] == ' ' || chars[j] == '\u{3000}') {
                j += 1;
            }
            let mut k = j;
            while k < chars.len() && chars[k] == '#' {
                k += 1;
            }
            let hashes = k - j;
            let bullet = hashes == 0
                && j + 1 < chars.len()
                && matches!(chars[j], '*' | '-' | '+')
                && chars[j + 1] == ' ';
            if (1..=6).contains(&hashes) && (k == chars.len() || chars[k] == ' ') {
                for (p, &ch) in chars.iter().enumerate().take(j).skip(i) {
                    out.push(ch, p as u32);
                }
                i = (k + 1).min(chars.len());
                line_start = false;
                continue;
            }
            if bullet {
                for (p, &ch) in chars.iter().enumerate().take(j).skip(i) {
                    out.push(ch, p as u32);
                }
                i = j + 2;
                line_start = false;
                continue;
            }
            line_start = false;
        }
        match c {
            '\n' => {
                out.push(c, i as u32);
                line_start = true;
                i += 1;
            }
            '*' | '_' if i + 1 < chars.len() && chars[i + 1] == c => i += 2,
            '*' => i += 1,
            '!' if chars.get(i + 1) == Some(&'[') => i += 1,
            '[' => {
                // `[text](url)`: keep text, drop the brackets and the target.
                if let Some(close) = (i + 1..chars.len()).find(|&j| chars[j] == ']') {
                    if chars.get(close + 1) == Some(&'(') {
                        if let Some(end) = (close + 2..chars.len()).find(|&j| chars[j] == ')') {
                            for (p, &ch) in chars.iter().enumerate().take(close).skip(i + 1) {
                                out.push(ch, p as u32);
                            }
                            i = end + 1;
                            continue;
                        }
                    }
                }
                out.push(c, i as u32);
                i += 1;
            }
            _ => {
                out.push(c, i as u32);
                i += 1;
            }
        }
    }
    out
}

struct Tag {
    name: String,
    /// The text between the name and `>`.
    attrs: String,
    closing: bool,
    self_closing: bool,
    /// Index just past the closing `>`.
    end: usize,
}

/// Parses a tag starting at `chars[at] == '<'`; None when it is not one (a lone `<`).
fn parse_tag(chars: &[char], at: usize) -> Option<Tag> {
    let mut i = at + 1;
    let first = *chars.get(i)?;
    if first == '!' || first == '?' {
        let end = (i..chars.len()).find(|&j| chars[j] == '>')?;
        return Some(Tag {
            name: String::new(),
            attrs: String::new(),
            closing: false,
            self_closing: true,
            end: end + 1,
        });
    }
    let closing = first == '/';
    if closing {
        i += 1;
    }
    let name_start = i;
    while i < chars.len() && chars[i].is_ascii_alphanumeric() {
        i += 1;
    }
    if i == name_start || !chars[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name: String = chars[name_start..i]
        .iter()
        .collect::<String>()
        .to_ascii_lowercase();
    // Find the end, skipping quoted attribute values.
    let attrs_start = i;
    let mut quote: Option<char> = None;
    while i < chars.len() {
        let c = chars[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '>' => {
                let self_closing = i > 0 && chars[i - 1] == '/';
                return Some(Tag {
                    name,
                    attrs: chars[attrs_start..i].iter().collect(),
                    closing,
                    self_closing,
                    end: i + 1,
                });
            }
            None => {}
        }
        i += 1;
    }
    // Unterminated tag: drop the rest.
    Some(Tag {
        name,
        attrs: String::new(),
        closing,
        self_closing: true,
        end: chars.len(),
    })
}

/// Index just past the element `name` whose start tag ends at `from`, counting nested
/// elements of the same name (script and style content is never parsed as tags).
fn skip_element(chars: &[char], from: usize, name: &str) -> usize {
    let raw_text = matches!(name, "script" | "style" | "template" | "noscript");
    let mut depth = 1usize;
    let mut i = from;
    while i < chars.len() {
        if chars[i] == '<' {
            if !raw_text && starts_with_ci(chars, i, "<!--") {
                i = find(chars, i + 4, "-->").map_or(chars.len(), |e| e + 3);
                continue;
            }
            if let Some(tag) = parse_tag(chars, i) {
                if tag.name == name {
                    if tag.closing {
                        depth -= 1;
                        if depth == 0 {
                            return tag.end;
                        }
                    } else if !raw_text && !tag.self_closing {
                        depth += 1;
                    }
                }
                i = if raw_text { i + 1 } else { tag.end };
                continue;
            }
        }
        i += 1;
    }
    chars.len()
}

/// Decodes the entity at `chars[at] == '&'`: the character and the index past the `;`.
fn parse_entity(chars: &[char], at: usize) -> Option<(char, usize)> {
    let semi = (at + 1..chars.len().min(at + 12)).find(|&j| chars[j] == ';')?;
    let body: String = chars[at + 1..semi].iter().collect();
    let c = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        char::from_u32(code)?
    } else {
        match body.as_str() {
            "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "ldquo" => '“',
            "rdquo" => '”',
            "lsquo" => '‘',
            "rsquo" => '’',
            "mdash" => '—',
            "ndash" => '–',
            "hellip" => '…',
            "middot" => '·',
            "times" => '×',
            "divide" => '÷',
            "deg" => '°',
            "yen" => '¥',
            "copy" => '©',
            "reg" => '®',
            "laquo" => '«',
            "raquo" => '»',
            _ => return None,
        }
    };
    Some((c, semi + 1))
}

/// Text content: markup whitespace collapses to one space, none after a line break.
fn push_text(out: &mut Mapped, c: char, offset: u32) {
    if matches!(c, ' ' | '\t' | '\r' | '\n') {
        match out.chars.last() {
            None | Some(' ') | Some('\n') | Some('\t') => {}
            _ => out.push(' ', offset),
        }
    } else {
        out.push(c, offset);
    }
}

/// A line break for a block tag at `offset`; a space just before it is dropped, and breaks do
/// not pile up.
fn push_break(out: &mut Mapped, offset: u32) {
    if out.chars.last() == Some(&' ') {
        out.chars.pop();
        out.map.pop();
    }
    match out.chars.last() {
        None | Some('\n') => {}
        _ => out.push('\n', offset),
    }
}

/// A tab between table cells, so a row stays on one line (`东坡区\t1200`) and extract sees
/// which row a number belongs to; none at the start of a row.
fn push_cell(out: &mut Mapped, offset: u32) {
    if out.chars.last() == Some(&' ') {
        out.chars.pop();
        out.map.pop();
    }
    match out.chars.last() {
        None | Some('\n') | Some('\t') => {}
        _ => out.push('\t', offset),
    }
}

fn starts_with_ci(chars: &[char], at: usize, pat: &str) -> bool {
    let mut i = at;
    for p in pat.chars() {
        match chars.get(i) {
            Some(c) if c.eq_ignore_ascii_case(&p) => i += 1,
            _ => return false,
        }
    }
    true
}

fn find(chars: &[char], from: usize, pat: &str) -> Option<usize> {
    (from..chars.len()).find(|&i| starts_with_ci(chars, i, pat))
}
