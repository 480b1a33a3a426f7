//! Progress on stderr: a bar on a terminal, a plain line every tenth of the way otherwise.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

pub struct Progress {
    bar: Option<ProgressBar>,
    plain: bool,
    total: u64,
    done: u64,
    next_line: u64,
    what: &'static str,
}

impl Progress {
    pub fn new(enabled: bool, total: u64, what: &'static str) -> Progress {
        let terminal = std::io::stderr().is_terminal();
        let bar = (enabled && terminal).then(|| {
            let bar = ProgressBar::new(total);
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} {msg} ({per_sec}, eta {eta})",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar.set_message(what);
            bar
        });
        Progress {
            bar,
            plain: enabled && !terminal,
            total,
            done: 0,
            next_line: total.div_ceil(10).max(1),
            what,
        }
    }

    pub fn inc(&mut self, n: u64) {
        self.done += n;
        if let Some(bar) = &self.bar {
            bar.inc(n);
        } else if self.plain && self.done >= self.next_line {
            eprintln!("minsheng: {}/{} {}", self.done, self.total, self.what);
            while self.next_line <= self.done {
                self.next_line += self.total.div_ceil(10).max(1);
            }
        }
    }

    /// A message that must not tear the bar.
    pub fn println(&self, msg: &str) {
        match &self.bar {
            Some(bar) => bar.println(msg),
            None => eprintln!("{msg}"),
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
