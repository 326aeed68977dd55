//! The data-walk pack: a data walk's stations, one per printed page (A4 or Letter) and one
//! per screen height in a browser, each with its plain-language title in large type, the
//! chart, the question put to residents and room to write. One self-contained HTML file.

use super::html::{inline_svg, page};
use super::text::escape;

/// One station of the pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StationPage {
    pub plain_title: String,
    pub question: String,
    /// The measure's name (small, under the chart).
    pub measure_name: String,
    /// The chart (SVG).
    pub chart_svg: String,
}

/// What the pack shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataWalk {
    pub event_title: String,
    pub event_date: String,
    pub place: String,
    pub initiative_name: String,
    pub stations: Vec<StationPage>,
    /// `YYYY-MM-DD`.
    pub made_on: String,
}

const CSS: &str = r#"
body { max-width: none; padding: 0; }
.station { min-height: 100vh; display: flex; flex-direction: column; padding: 3vh 4vw;
  break-after: page; page-break-after: always; break-inside: avoid; page-break-inside: avoid; }
.station:last-of-type { break-after: auto; page-break-after: auto; }
.station .number { color: #1f5f8b; font-weight: bold; text-transform: uppercase; letter-spacing: .08em; margin: 0; }
.station h1 { font-size: 2.6rem; margin: .3rem 0 1rem; }
.station figure { flex: 0 1 auto; margin: 0 0 1rem; }
.station figure svg { width: 100%; height: auto; max-height: 55vh; display: block; }
.station .measure { font-size: .9rem; color: #5b5b5b; }
.station .question { font-size: 1.6rem; font-weight: bold; margin: .5rem 0; }
.station .write { flex: 1 1 8rem; min-height: 8rem; border: 2px dashed #9a9a9a; border-radius: .5rem;
  padding: .5rem; color: #7a7a7a; }
.intro { min-height: 100vh; padding: 10vh 4vw; break-after: page; page-break-after: always; }
.intro h1 { font-size: 2.8rem; }
@media print {
  html { font-size: 11pt; }
  .station, .intro { min-height: 0; height: 245mm; padding: 0; }
  .station figure svg { max-height: 120mm; }
}
"#;

/// The pack as HTML.
pub fn html(walk: &DataWalk) -> String {
    let mut body = String::from("<header class=\"intro\">\n");
    body += &format!(
        "<p class=\"kicker\">Data walk · {}</p>\n<h1>{}</h1>\n<p>{}{}</p>\n",
        escape(&walk.initiative_name),
        escape(&walk.event_title),
        escape(&walk.event_date),
        if walk.place.trim().is_empty() {
            String::new()
        } else {
            format!(" · {}", escape(&walk.place))
        }
    );
    body += &format!(
        "<p>{} stations. At each one, look at the chart, then write or tell us what you notice, \
         what surprises you, what you think is behind it and what you would do.</p>\n\
         <footer>Made {} with Backbone, offline</footer>\n</header>\n",
        walk.stations.len(),
        escape(&walk.made_on)
    );
    let total = walk.stations.len();
    for (i, s) in walk.stations.iter().enumerate() {
        body += &format!(
            "<section class=\"station\">\n<p class=\"number\">Station {} of {total}</p>\n\
             <h1>{}</h1>\n<figure>\n{}\n<figcaption class=\"measure\">{}</figcaption>\n</figure>\n\
             <p class=\"question\">{}</p>\n<div class=\"write\">Your thoughts:</div>\n</section>\n",
            i + 1,
            escape(&s.plain_title),
            inline_svg(&s.chart_svg),
            escape(&s.measure_name),
            escape(&s.question),
        );
    }
    page(&format!("Data walk: {}", walk.event_title), CSS, &body)
}
