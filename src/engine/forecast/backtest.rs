//! How good the forecast is, honestly: hold out the last weeks of the history, forecast them from
//! the rest, and score the model against two baselines (the same slot last week, and the mean
//! weekly profile) by MASE and MAPE, with how often the held-out counts fell inside each band.

use serde::{Deserialize, Serialize};

use super::{History, fit_predict, periods};

/// Errors of one forecast of the held-out weeks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scores {
    /// Mean absolute error over the in-sample mean absolute change from the same slot a week
    /// earlier: below 1 beats seasonal naive on its own history.
    pub mase: f64,
    /// Mean absolute percentage error over held-out intervals with calls.
    pub mape: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Backtest {
    pub workload: String,
    pub holdout_intervals: usize,
    pub model: Scores,
    /// The same slot one week earlier.
    pub seasonal_naive: Scores,
    /// The mean of each slot of the week over the history.
    pub weekly_profile: Scores,
    /// The share of held-out counts inside the central 50% band (p25-p75) and the 80% band
    /// (p10-p90).
    pub coverage_50: f64,
    pub coverage_80: f64,
}

fn scores(actual: &[f64], predicted: &[f64], scale: f64) -> Scores {
    let n = actual.len() as f64;
    let mae = actual
        .iter()
        .zip(predicted)
        .map(|(a, p)| (a - p).abs())
        .sum::<f64>()
        / n;
    let (mut ape, mut k) = (0.0, 0usize);
    for (a, p) in actual.iter().zip(predicted) {
        if *a > 0.0 {
            ape += (a - p).abs() / a;
            k += 1;
        }
    }
    Scores {
        mase: if scale > 0.0 { mae / scale } else { f64::NAN },
        mape: if k > 0 { ape / k as f64 } else { f64::NAN },
    }
}

/// Holds out the last `holdout` intervals of `h` and scores forecasts of them.
pub fn backtest(h: &History, holdout: usize) -> Result<Backtest, String> {
    let periods = periods(h.interval_ms)?;
    let week = *periods.last().expect("a week at least");
    let n = h.calls.len();
    if holdout == 0 || n < holdout + 2 * week {
        return Err(format!(
            "workload `{}` has {n} intervals: a backtest of {holdout} needs two weeks ({}) more to learn from",
            h.workload,
            2 * week
        ));
    }
    let (train, test) = h.calls.split_at(n - holdout);
    let (mean, q) = fit_predict(train, &periods, holdout, &[10, 25, 75, 90])?;
    let naive: Vec<f64> = (0..holdout)
        .map(|t| train[train.len() - week + t % week])
        .collect();
    // Slot s of the week holds the steps whose position is s modulo a week (counted from the
    // history's start, so the held-out steps continue the same count).
    let mut sum = vec![0.0; week];
    let mut count = vec![0.0; week];
    for (i, y) in train.iter().enumerate() {
        sum[i % week] += y;
        count[i % week] += 1.0;
    }
    let profile: Vec<f64> = (0..holdout)
        .map(|t| {
            let s = (train.len() + t) % week;
            sum[s] / count[s]
        })
        .collect();
    let scale = train
        .windows(week + 1)
        .map(|w| (w[week] - w[0]).abs())
        .sum::<f64>()
        / (train.len() - week) as f64;
    let inside = |lo: &[f64], hi: &[f64]| {
        test.iter()
            .zip(lo.iter().zip(hi))
            .filter(|(y, (l, u))| *y >= l && *y <= u)
            .count() as f64
            / holdout as f64
    };
    Ok(Backtest {
        workload: h.workload.clone(),
        holdout_intervals: holdout,
        model: scores(test, &mean, scale),
        seasonal_naive: scores(test, &naive, scale),
        weekly_profile: scores(test, &profile, scale),
        coverage_50: inside(&q[1], &q[2]),
        coverage_80: inside(&q[0], &q[3]),
    })
}
