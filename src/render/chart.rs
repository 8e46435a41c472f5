//! `--chart plan.svg`: above, each layer's design peak as a share of its ceiling, month by month,
//! with the warning threshold and the ceiling drawn across and each ceiling crossing marked;
//! below, the month's cost of what each priced layer needs, stacked by layer.

use plotters::prelude::*;

use crate::engine::plan::{Plan, PlanStatus};
use crate::engine::projection::Projection;

/// Colours that stay apart on white and for common colour blindness (Okabe-Ito).
const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(230, 159, 0),
    RGBColor(0, 0, 0),
    RGBColor(240, 228, 66),
];

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;
type Drawn = Result<(), Box<dyn std::error::Error>>;

/// Draws the projection's horizon and the plan's monthly costs as one SVG document.
pub fn svg(p: &Projection, warn_at: f64, plan: &Plan) -> Result<String, String> {
    let mut out = String::new();
    let drawn = (|| -> Drawn {
        let root = SVGBackend::with_string(&mut out, (960, 960)).into_drawing_area();
        root.fill(&WHITE)?;
        let (top, bottom) = root.split_vertically(560);
        utilization(p, warn_at, &top)?;
        costs(p, plan, &bottom)?;
        root.present()?;
        Ok(())
    })();
    drawn.map_err(|e| format!("drawing the chart: {e}"))?;
    Ok(out)
}

/// A layer's colour, the same in both panels.
fn colour_of(p: &Projection, layer: &str) -> RGBColor {
    let i = p.layers.iter().position(|l| l.name == layer).unwrap_or(0);
    PALETTE[i % PALETTE.len()]
}

fn utilization(p: &Projection, warn_at: f64, root: &Area) -> Drawn {
    let h = p.horizon_months as usize;
    let top = p
        .layers
        .iter()
        .flat_map(|l| l.utilization[..=h].iter().copied())
        .fold(1.2f64, f64::max)
        * 100.0
        * 1.08;
    let title = format!(
        "Design peak as a share of each layer's ceiling, {} to {}",
        p.months[0], p.months[h]
    );
    let mut chart = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 22))
        .margin(16)
        .x_label_area_size(48)
        .y_label_area_size(64)
        .build_cartesian_2d(0f64..h as f64 + 0.2, 0f64..top)?;
    let months = p.months.clone();
    chart
        .configure_mesh()
        .x_labels(h + 1)
        .x_label_formatter(&|x| months.get(x.round() as usize).cloned().unwrap_or_default())
        .y_label_formatter(&|y| format!("{y:.0}%"))
        .light_line_style(TRANSPARENT)
        .x_desc("month")
        .y_desc("design peak / ceiling")
        .draw()?;
    let warn_label = format!("warning threshold ({:.0}%)", warn_at * 100.0);
    for (level, label, colour) in [
        (100.0, "ceiling (100%)".to_string(), RED),
        (warn_at * 100.0, warn_label, RGBColor(150, 150, 150)),
    ] {
        chart
            .draw_series(LineSeries::new(
                [(0.0, level), (h as f64 + 0.2, level)],
                colour.stroke_width(2),
            ))?
            .label(label)
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], colour.stroke_width(2)));
    }
    for l in &p.layers {
        let colour = colour_of(p, &l.name);
        let points: Vec<(f64, f64)> = l.utilization[..=h]
            .iter()
            .enumerate()
            .map(|(k, u)| (k as f64, u * 100.0))
            .collect();
        let crossing = l
            .ceiling_crossing
            .as_ref()
            .filter(|c| c.month_index as usize <= h);
        let label = match crossing {
            Some(c) => format!("{} (full {})", l.name, c.month),
            None => l.name.clone(),
        };
        chart
            .draw_series(LineSeries::new(points.clone(), colour.stroke_width(3)))?
            .label(label)
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], colour.stroke_width(3)));
        chart.draw_series(
            points
                .iter()
                .map(|&(x, y)| Circle::new((x, y), 3, colour.filled())),
        )?;
        if let Some(c) = crossing {
            // The first month at or over the ceiling, ringed.
            let at = (c.month_index as f64, c.utilization * 100.0);
            chart.draw_series([Circle::new(at, 9, colour.stroke_width(2))])?;
        }
    }
    legend(&mut chart)
}

/// The month's cost of each priced layer at the units it needs (`cost_needed`), stacked.
fn costs(p: &Projection, plan: &Plan, root: &Area) -> Drawn {
    let mut months: Vec<String> = plan.rows.iter().map(|r| r.month.clone()).collect();
    months.sort();
    months.dedup();
    let top = plan
        .rows
        .iter()
        .map(|r| r.month_cost_needed)
        .fold(1.0f64, f64::max)
        * 1.15;
    let n = months.len().max(1) as f64;
    let mut chart = ChartBuilder::on(root)
        .caption(
            format!(
                "Monthly cost of what each layer needs ({}), stacked",
                plan.currency
            ),
            ("sans-serif", 22),
        )
        .margin(16)
        .x_label_area_size(48)
        .y_label_area_size(64)
        .build_cartesian_2d(-0.5f64..n - 0.5, 0f64..top)?;
    chart
        .configure_mesh()
        .x_labels(months.len())
        .x_label_formatter(&|x| months.get(x.round() as usize).cloned().unwrap_or_default())
        .y_label_formatter(&|y| format!("{y:.0}"))
        .light_line_style(TRANSPARENT)
        .x_desc("month")
        .y_desc(format!("cost per month ({})", plan.currency))
        .draw()?;
    let mut layers: Vec<&str> = Vec::new();
    for r in &plan.rows {
        if !layers.contains(&r.layer.as_str()) {
            layers.push(&r.layer);
        }
    }
    let mut base = vec![0.0f64; months.len()];
    for layer in layers {
        let colour = colour_of(p, layer);
        let bars: Vec<Rectangle<(f64, f64)>> = plan
            .rows
            .iter()
            .filter(|r| r.layer == layer)
            .filter_map(|r| {
                let k = months.iter().position(|m| *m == r.month)?;
                let (low, high) = (base[k], base[k] + r.cost_needed);
                base[k] = high;
                let x = k as f64;
                Some(Rectangle::new(
                    [(x - 0.35, low), (x + 0.35, high)],
                    colour.filled(),
                ))
            })
            .collect();
        // An order already late is said where the money is drawn, as in the table.
        let label = plan
            .rows
            .iter()
            .find(|r| r.layer == layer && r.status == PlanStatus::Overdue)
            .map_or(layer.to_string(), |r| {
                format!("{layer} (order overdue since {})", r.order_by)
            });
        chart
            .draw_series(bars)?
            .label(label)
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], colour.filled()));
    }
    legend(&mut chart)
}

type Chart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// Both panels' legend: top left, over a light background.
fn legend<'a, 'b: 'a>(chart: &mut Chart<'a, 'b>) -> Drawn {
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()?;
    Ok(())
}
