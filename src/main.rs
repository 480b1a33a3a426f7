//! The `minsheng` binary: parse flags, build a checked config, run, map errors to exit codes.

use clap::Parser;
use minsheng::cli::{config, Cli, Command};
use minsheng::pipeline::{self, RunError, Summary};
use std::process::ExitCode;

fn finish(result: Result<Summary, RunError>) -> ExitCode {
    match result {
        Ok(summary) => {
            println!("minsheng: {summary}");
            ExitCode::from(summary.exit_code())
        }
        Err(e) => {
            eprintln!("minsheng: error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => finish(
            config(
                Some(&cli.run.input),
                &cli.run.output,
                Some(&cli.run.catalog),
            )
            .and_then(|c| pipeline::run(&c)),
        ),
        Some(Command::Run(a)) => finish(
            config(Some(&a.input), &a.output, Some(&a.catalog)).and_then(|c| pipeline::run(&c)),
        ),
        Some(Command::Ingest(a)) => {
            finish(config(Some(&a.input), &a.output, None).and_then(|c| pipeline::ingest_only(&c)))
        }
        Some(Command::Extract(a)) => {
            finish(config(None, &a, None).and_then(|c| pipeline::extract_stage(&c)))
        }
        Some(Command::Aggregate(a)) => {
            match config(None, &a.output, Some(&a.catalog))
                .and_then(|c| pipeline::aggregate_stage(&c).map_err(RunError::Io))
            {
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
                Err(e) => {
                    eprintln!("minsheng: error: {e}");
                    ExitCode::from(e.exit_code())
                }
            }
        }
        Some(Command::Schema) => {
            print!("{}", minsheng::schema::markdown());
            ExitCode::SUCCESS
        }
    }
}
