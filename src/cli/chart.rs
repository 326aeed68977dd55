//! `backbone chart`: draws a measure's trend chart to an SVG or PNG file.
//!
//! The measure is given by id or by name: an exact (case-insensitive) name among the live
//! measures of every initiative, else a unique name containing the text; several matches
//! are listed so the user can pick an id. The file's extension (.svg or .png) decides the
//! format and is checked before anything is drawn.

use crate::chart::{self, ChartSize, ExportFormat};
use crate::error::Error;
use crate::model::Measure;
use crate::store::Store;
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The named chart sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SizeName {
    /// 1600×900, large type and thick lines: for slides and projectors
    Presentation,
    /// 1000×600: for reports
    Print,
}

/// Arguments of `backbone chart`.
#[derive(Debug, Clone, Args)]
pub struct ChartArgs {
    /// The measure's id or name
    #[arg(long, value_name = "ID|NAME")]
    pub measure: String,
    /// The file to write: .svg or .png
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// presentation (1600×900) or print (1000×600)
    #[arg(long, value_enum, default_value_t = SizeName::Print, conflicts_with_all = ["width", "height"])]
    pub size: SizeName,
    /// A custom width in pixels (with --height)
    #[arg(long, value_name = "PX", requires = "height")]
    pub width: Option<u32>,
    /// A custom height in pixels (with --width)
    #[arg(long, value_name = "PX", requires = "width")]
    pub height: Option<u32>,
    /// PNG pixels per chart pixel: 1 or 2 (up to 4)
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=4))]
    pub scale: u8,
    /// Another measure (id or name) to draw on the same axis; repeatable
    #[arg(long, value_name = "ID|NAME")]
    pub compare: Vec<String>,
}

impl ChartArgs {
    fn chart_size(&self) -> ChartSize {
        match (self.width, self.height, self.size) {
            (Some(width), Some(height), _) => ChartSize::Custom { width, height },
            (_, _, SizeName::Presentation) => ChartSize::Presentation,
            (_, _, SizeName::Print) => ChartSize::Print,
        }
    }
}

/// Finds a live measure by id or name (see the module docs).
pub fn find_measure(store: &Store, key: &str) -> Result<Measure, Error> {
    if let Ok(m) = store.get_measure(key) {
        return Ok(m);
    }
    let mut all = Vec::new();
    for initiative in store.list_initiatives()? {
        for m in store.list_measures(&initiative.id)? {
            all.push((m, initiative.name.clone()));
        }
    }
    let wanted = key.trim().to_lowercase();
    let exact: Vec<&(Measure, String)> = all
        .iter()
        .filter(|(m, _)| m.name.trim().to_lowercase() == wanted)
        .collect();
    let found = if exact.is_empty() {
        all.iter()
            .filter(|(m, _)| !wanted.is_empty() && m.name.to_lowercase().contains(&wanted))
            .collect()
    } else {
        exact
    };
    match found.as_slice() {
        [(one, _)] => Ok(one.clone()),
        [] => Err(Error::NotFound {
            what: "measure",
            id: key.to_string(),
        }),
        many => Err(Error::invalid(
            "measure",
            format!(
                "Several measures match \"{key}\"; give an id:\n{}",
                many.iter()
                    .map(|(m, initiative)| format!("  {}  {} ({initiative})", m.id, m.name))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        )),
    }
}

/// Runs `backbone chart` on the database at `path`.
pub fn run(args: &ChartArgs, path: &Path, out: &mut dyn Write) -> Result<i32, Error> {
    let format = ExportFormat::of_path(&args.out)?;
    let size = args.chart_size().check()?;
    let store = super::open_existing(path)?;
    let measure = find_measure(&store, &args.measure)?;
    let compare = args
        .compare
        .iter()
        .map(|key| find_measure(&store, key).map(|m| m.id))
        .collect::<Result<Vec<_>, _>>()?;
    let compare: Vec<&str> = compare.iter().map(String::as_str).collect();
    let drawn = chart::measure_chart(&store, &measure.id, size, &compare)?;
    chart::export(&drawn.svg, &args.out, f32::from(args.scale))?;
    let (w, h) = size.dimensions();
    let (kind, scale) = match format {
        ExportFormat::Svg => ("SVG", 1),
        ExportFormat::Png => ("PNG", u32::from(args.scale)),
    };
    writeln!(
        out,
        "Wrote the {kind} chart of \"{}\" ({}×{} px) to {}",
        drawn.title,
        w * scale,
        h * scale,
        args.out.display()
    )
    .map_err(|source| Error::Io {
        path: PathBuf::from("<stdout>"),
        source,
    })?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli;

    fn sample_db(dir: &Path) -> PathBuf {
        let path = dir.join("sample.backbone");
        Store::open(&path).unwrap().load_sample().unwrap();
        path
    }

    /// Runs the CLI; returns (exit code, stdout, stderr).
    fn backbone(args: &[&str]) -> (i32, String, String) {
        let cli = cli::parse(std::iter::once("backbone").chain(args.iter().copied())).unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = cli::run(cli, &mut out, &mut err);
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[test]
    fn writes_svg_and_png_by_extension() {
        let dir = tempfile::tempdir().unwrap();
        let db = sample_db(dir.path());
        let db = db.to_str().unwrap();
        let svg = dir.path().join("grad.svg");
        let (code, out, err) = backbone(&[
            "--db",
            db,
            "chart",
            "--measure",
            "high-school graduation rate (4-year cohort)",
            "--out",
            svg.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("SVG chart of \"High-school graduation rate (4-year cohort)\""));
        let text = std::fs::read_to_string(&svg).unwrap();
        assert!(text.starts_with("<svg") && text.contains("width=\"1000\""));

        let png = dir.path().join("grad.PNG");
        let (code, out, err) = backbone(&[
            "--db",
            db,
            "chart",
            "--measure",
            "graduation rate",
            "--out",
            png.to_str().unwrap(),
            "--size",
            "presentation",
            "--scale",
            "2",
        ]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("3200×1800"), "{out}");
        let bytes = std::fs::read(&png).unwrap();
        let image = resvg::tiny_skia::Pixmap::decode_png(&bytes).unwrap();
        assert_eq!((image.width(), image.height()), (3200, 1800));

        let custom = dir.path().join("small.svg");
        let (code, _, err) = backbone(&[
            "--db",
            db,
            "chart",
            "--measure",
            "graduation rate",
            "--out",
            custom.to_str().unwrap(),
            "--width",
            "640",
            "--height",
            "360",
        ]);
        assert_eq!(code, 0, "{err}");
        assert!(std::fs::read_to_string(&custom)
            .unwrap()
            .contains("width=\"640\" height=\"360\""));
    }

    #[test]
    fn refuses_other_extensions_unknown_and_ambiguous_measures() {
        let dir = tempfile::tempdir().unwrap();
        let db = sample_db(dir.path());
        let db = db.to_str().unwrap();
        let pdf = dir.path().join("grad.pdf");
        let (code, _, err) = backbone(&[
            "--db",
            db,
            "chart",
            "--measure",
            "graduation rate",
            "--out",
            pdf.to_str().unwrap(),
        ]);
        assert_eq!(code, 1);
        assert!(err.contains(".svg or .png"), "{err}");
        assert!(!pdf.exists(), "nothing written");

        let out = dir.path().join("x.svg");
        let out = out.to_str().unwrap();
        let (code, _, err) = backbone(&[
            "--db",
            db,
            "chart",
            "--measure",
            "no such thing",
            "--out",
            out,
        ]);
        assert_eq!(code, 1);
        assert!(
            err.contains("measure no such thing does not exist"),
            "{err}"
        );

        // "FAFSA" is in several measures' names: the choices are listed with their ids.
        let (code, _, err) = backbone(&["--db", db, "chart", "--measure", "fafsa", "--out", out]);
        assert_eq!(code, 1);
        assert!(
            err.contains("Several measures match \"fafsa\"; give an id"),
            "{err}"
        );
        assert!(err.contains("Students served at FAFSA nights"), "{err}");

        let (code, _, err) = backbone(&[
            "--db",
            db,
            "chart",
            "--measure",
            "graduation rate",
            "--out",
            out,
            "--width",
            "50",
            "--height",
            "50",
        ]);
        assert_eq!(code, 1);
        assert!(err.contains("width must be 160 to 8000"), "{err}");
    }

    #[test]
    fn a_missing_database_is_not_created() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("none.backbone");
        let out = dir.path().join("x.svg");
        let (code, _, err) = backbone(&[
            "--db",
            db.to_str().unwrap(),
            "chart",
            "--measure",
            "x",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 1);
        assert!(err.contains("no such file"), "{err}");
        assert!(!db.exists());
    }
}
