//! `capplan report`: the upgrade plan and its costs, month by month, as a finance CSV (or a
//! table, JSON, markdown), with an optional SVG chart.

mod render;

use std::path::PathBuf;

use clap::Args;

use crate::cmd::args::StackArgs;
use crate::cmd::args::inputs;
use crate::engine::pipeline::load_and_compute;
use crate::engine::plan::plan;
use crate::io::output::Sink;
use crate::render::Format;
use crate::values::error::{Error, Result};

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub stack: StackArgs,
    /// Output format; default: from the -o file's extension (.csv, .json, .md), else table.
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<Format>,
    /// Where to write the plan; `-` is standard output. Files are replaced atomically.
    #[arg(long, short = 'o', value_name = "FILE", default_value = "-")]
    pub output: PathBuf,
    #[command(flatten)]
    pub no_blocking: crate::cmd::args::NoBlocking,
    /// Also draw the projection as an SVG chart to this file.
    #[arg(long, value_name = "FILE.svg")]
    pub chart: Option<PathBuf>,
    /// The date order-by dates are compared with (YYYY-MM-DD): an earlier one is overdue;
    /// default: the date of --as-of, else today.
    #[arg(long, value_name = "DATE", value_parser = crate::cmd::args::parse_date)]
    pub today: Option<i64>,
}

pub fn run(args: &ReportArgs) -> Result<()> {
    if args.no_blocking.blocking.is_some() {
        return Err(Error::Usage(
            "report takes no --blocking: the plan buys the units that keep each layer at or under its warning threshold (--warn-at); for Erlang B sizing use compute --blocking".into(),
        ));
    }
    let early = inputs(&args.stack.input, args.stack.projection.as_ref(), None);
    let mut outputs = vec![("-o", args.output.as_path())];
    outputs.extend(args.chart.as_deref().map(|p| ("--chart", p)));
    crate::io::output::distinct_outputs(&outputs)?;
    Sink::new(&args.output, &early)?;
    let chart_sink = args
        .chart
        .as_ref()
        .map(|c| Sink::for_flag("--chart", c, &early))
        .transpose()?;
    if matches!(chart_sink, Some(Sink::Stdout)) {
        return Err(Error::Usage("--chart needs a file name, not `-`".into()));
    }
    let loaded = load_and_compute(&args.stack.file()?, &args.stack.overrides(None), true)?;
    let (stack, report) = (&loaded.stack, &loaded.report);
    let all = inputs(
        &args.stack.input,
        args.stack.projection.as_ref(),
        Some(stack),
    );
    let sink = Sink::new(&args.output, &all)?;
    // Both outputs are checked against every input before either is written.
    let chart_sink = args
        .chart
        .as_ref()
        .map(|c| Sink::for_flag("--chart", c, &all))
        .transpose()?;
    if stack.layers.iter().all(|l| l.price.is_none()) {
        return Err(Error::Usage(format!(
            "{}: no layer has a [layer.price], so there is no plan to cost: add `[layer.price]` with `per_unit_month` to the layers you pay for (see the README's Costs section)",
            args.stack.file()?.display()
        )));
    }
    let today = args
        .today
        .or(args.stack.as_of.and_then(|a| a.day))
        .unwrap_or_else(crate::values::month::today);
    let upgrade = plan(&loaded, today);
    let format = args
        .format
        .unwrap_or_else(|| Format::for_path(&args.output));
    sink.write(render::render(&upgrade, format).as_bytes())?;
    if let (Some(chart), Some(chart_sink)) = (&args.chart, chart_sink) {
        let svg = crate::render::chart::svg(
            report.projection.as_ref().expect("projected"),
            stack.warn_at,
            &upgrade,
        )
        .map_err(|e| Error::file(chart, e))?;
        chart_sink.write(svg.as_bytes())?;
    }
    Ok(())
}
