//! Calibration per role over recent processes: Krippendorff's alpha (ordinal) per rubric
//! dimension, each interviewer's leniency and mean absolute deviation against the others on
//! the same candidate and dimension, and how long they take to submit.

use crate::services::{Services, db_error};
use archboard_db::interview as store;
use archboard_types::ApiError;
use archboard_types::catalog::CatalogItem;
use archboard_types::interview::agreement::{
    Metric, Rating, Reliability, krippendorff_alpha, rater_deviations,
};
use archboard_types::interview::*;
use std::collections::{BTreeMap, BTreeSet};

fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) { (values[mid - 1] + values[mid]) / 2.0 } else { values[mid] })
}

/// Why a dimension shows no alpha yet.
fn too_few(units: usize) -> String {
    let who = if units == 1 { "1 candidate was".to_owned() } else { format!("{units} candidates were") };
    format!("{who} rated by two or more interviewers; alpha is shown from {MIN_CALIBRATION_UNITS}.")
}

impl Services {
    pub fn calibration(&mut self, query: CalibrationQuery) -> Result<Calibration, ApiError> {
        let conn = self.db.conn();
        let role = match archboard_db::catalog::get(conn, query.role_key.trim())
            .map_err(db_error)?
            .map(|s| s.item)
        {
            Some(CatalogItem::Role(role)) => role,
            _ => {
                return Err(ApiError::validation(
                    "role_key",
                    format!("There is no role `{}` in the catalog.", query.role_key.trim()),
                ));
            }
        };
        let since = query.months.and_then(|m| self.now().checked_sub_months(chrono::Months::new(m)));
        let rows: Vec<_> = store::submitted_for_role(conn, &role.key)
            .map_err(db_error)?
            .into_iter()
            .filter(|(_, started, _)| since.is_none_or(|since| *started >= since))
            .collect();
        let processes: BTreeSet<&str> = rows.iter().map(|(subject, _, _)| subject.as_str()).collect();
        // Each rating is one unit (candidate × dimension) scored by one interviewer; the
        // dimensions come from the current role, matched by key, so a process on an older
        // rubric version still counts for the dimensions it shares.
        let mut per_dimension: BTreeMap<&str, Vec<Rating>> = BTreeMap::new();
        let mut all = Vec::new();
        let mut hours: BTreeMap<String, Vec<f64>> = BTreeMap::new();
        let mut scorecards: BTreeMap<String, usize> = BTreeMap::new();
        for (subject, _, interview) in &rows {
            *scorecards.entry(interview.interviewer.clone()).or_default() += 1;
            if let Some(h) = super::summary_of(interview, self.now()).hours_to_submit {
                hours.entry(interview.interviewer.clone()).or_default().push(h);
            }
            let Some(sheet) = &interview.sheet else { continue };
            for d in &role.dimensions {
                if let Some(value) = sheet.rating(&d.key) {
                    let rating = Rating {
                        unit: subject.clone(),
                        rater: interview.interviewer.clone(),
                        value: f64::from(value),
                    };
                    all.push(Rating { unit: format!("{subject}/{}", d.key), ..rating.clone() });
                    per_dimension.entry(d.key.as_str()).or_default().push(rating);
                }
            }
        }
        let dimensions: Vec<DimensionAgreement> = role
            .dimensions
            .iter()
            .map(|d| {
                let ratings = per_dimension.get(d.key.as_str()).cloned().unwrap_or_default();
                let agreement = krippendorff_alpha(&ratings, Metric::Ordinal);
                let units = agreement.map(|a| a.units).unwrap_or_else(|| {
                    let mut per_unit: BTreeMap<&str, usize> = BTreeMap::new();
                    for r in &ratings {
                        *per_unit.entry(r.unit.as_str()).or_default() += 1;
                    }
                    per_unit.values().filter(|n| **n >= 2).count()
                });
                let (alpha, note) = match agreement {
                    Some(a) if units >= MIN_CALIBRATION_UNITS => (Some(a.alpha), String::new()),
                    Some(_) => (None, too_few(units)),
                    None if units >= 2 => {
                        (None, "Every rating is the same, so agreement cannot be told from chance.".into())
                    }
                    None => (None, too_few(units)),
                };
                DimensionAgreement {
                    key: d.key.clone(),
                    name: d.name.clone(),
                    units,
                    ratings: ratings.len(),
                    reliability: alpha.map(Reliability::of),
                    alpha,
                    note,
                }
            })
            .collect();
        let deviations = rater_deviations(&all);
        let raters: BTreeSet<String> = rows.iter().map(|(_, _, i)| i.interviewer.clone()).collect();
        let interviewers: Vec<InterviewerCalibration> = raters
            .into_iter()
            .map(|name| {
                let deviation = deviations.iter().find(|d| d.rater == name);
                InterviewerCalibration {
                    scorecards: scorecards.get(&name).copied().unwrap_or(0),
                    ratings: all.iter().filter(|r| r.rater == name).count(),
                    leniency: deviation.map(|d| d.leniency),
                    mean_absolute_deviation: deviation.map(|d| d.mean_absolute_deviation),
                    median_hours_to_submit: median(hours.get(&name).cloned().unwrap_or_default()),
                    interviewer: name,
                }
            })
            .collect();
        let alpha_bars: Vec<(&str, Option<f64>)> =
            dimensions.iter().map(|d| (d.name.as_str(), d.alpha)).collect();
        let leniency_bars: Vec<(&str, f64)> =
            interviewers.iter().filter_map(|i| i.leniency.map(|l| (i.interviewer.as_str(), l))).collect();
        Ok(Calibration {
            role_key: role.key.clone(),
            role_name: role.name.clone(),
            processes: processes.len(),
            scorecards: rows.len(),
            alpha_svg: archboard_charts::interview::alpha_svg(&alpha_bars),
            leniency_svg: archboard_charts::interview::leniency_svg(&leniency_bars),
            dimensions,
            interviewers,
        })
    }
}
