//! The `minsheng` binary: parse flags, build a checked config, run, map errors to exit codes.

use clap::Parser;
use minsheng::cli::{config, Cli, Command, Flags};
use minsheng::pipeline::{self, RunError, Summary};
use std::io::IsTerminal;
use std::process::ExitCode;

fn fail(e: RunError) -> ExitCode {
    eprintln!("minsheng: error: {e}");
    ExitCode::from(e.exit_code())
}

fn finish(result: Result<Summary, RunError>, json: bool) -> ExitCode {
    match result {
        Ok(summary) => {
            if json {
                match serde_json::to_string(&summary) {
                    Ok(s) => println!("{s}"),
                    Err(e) => return fail(RunError::Io(e.into())),
                }
            } else {
                println!("minsheng: {summary}");
            }
            ExitCode::from(summary.exit_code())
        }
        Err(e) => fail(e),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => finish(
            config(cli.run.flags()).and_then(|c| pipeline::run(&c)),
            cli.run.exec.json,
        ),
        Some(Command::Run(a)) => finish(
            config(a.flags()).and_then(|c| pipeline::run(&c)),
            a.exec.json,
        ),
        Some(Command::Ingest(a)) => finish(
            config(Flags {
                input: Some(&a.input),
                output: Some(&a.output.output),
                exec: Some(&a.exec),
                ..Flags::default()
            })
            .and_then(|c| pipeline::ingest_only(&c)),
            a.exec.json,
        ),
        Some(Command::Extract(a)) => finish(
            config(Flags {
                output: Some(&a.output.output),
                exec: Some(&a.exec),
                ..Flags::default()
            })
            .and_then(|c| pipeline::extract_stage(&c)),
            a.exec.json,
        ),
        Some(Command::Aggregate(a)) => {
            let flags = Flags {
                output: Some(&a.output.output),
                catalog: Some(&a.catalog),
                ..Flags::default()
            };
            match config(flags).and_then(|c| pipeline::aggregate_stage(&c)) {
                Ok(n) => {
                    println!(
                        "minsheng: {} indicator values, {} year-over-year rows, {} plan-vs-actual rows in {}",
                        n.indicators,
                        n.yoy,
                        n.plan_vs_actual,
                        a.output.output.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        Some(Command::Merge(a)) => finish(
            config(Flags {
                output: Some(&a.output),
                catalog: Some(&a.catalog),
                exec: Some(&a.exec),
                ..Flags::default()
            })
            .and_then(|c| pipeline::merge(&a.shards, &c)),
            a.exec.json,
        ),
        Some(Command::CatalogReport(a)) => {
            let flags = Flags {
                output: Some(&a.output.output),
                catalog: Some(&a.catalog),
                ..Flags::default()
            };
            match config(flags).and_then(|c| pipeline::catalog_report(&c)) {
                Ok(report) => {
                    print!("{}", report.markdown(a.top));
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        Some(Command::Synth(a)) => {
            match pipeline::synth(&a.input, &a.output, a.first..a.first + a.docs, a.seed) {
                Ok(n) => {
                    println!("minsheng: wrote {n} documents to {}", a.output.display());
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        Some(Command::Eval(a)) => match pipeline::eval(&a.output.output, &a.corpus, &a.gold) {
            Ok(report) => {
                if a.misses > 0 {
                    print!("{}", report.details(a.misses));
                }
                print!("{report}");
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        },
        Some(Command::Show(a)) => {
            let color = std::io::stdout().is_terminal();
            let out = &a.output.output;
            let shown = if a.doc {
                minsheng::report::show_doc(out, &a.input, &a.id, color)
            } else {
                minsheng::report::show_fact(out, &a.input, &a.id, color)
            };
            match shown {
                Ok(text) => {
                    print!("{text}");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(RunError::Usage(e)),
            }
        }
        Some(Command::Report(a)) => match minsheng::report::write_report(&a.output) {
            Ok(path) => {
                println!("minsheng: wrote {}", path.display());
                ExitCode::SUCCESS
            }
            Err(e) => fail(RunError::Io(e)),
        },
        Some(Command::Schema) => {
            print!("{}", minsheng::schema::markdown());
            ExitCode::SUCCESS
        }
    }
}
