//! The merge's small rules.

use super::*;

#[test]
fn fields_written_are_the_changed_ones() {
    let (f, _) = written(
        "update",
        Some(r#"{"name":"A","unit":"percent","updated_at":"1"}"#),
        Some(r#"{"name":"B","unit":"percent","updated_at":"2"}"#),
    );
    assert_eq!(f.keys().collect::<Vec<_>>(), ["name", "updated_at"]);
    let (f, r) = written("update", None, Some(r#"{"name":"B","_resolves":["x"]}"#));
    assert_eq!(f.keys().collect::<Vec<_>>(), ["name"]);
    assert_eq!(r, ["x"]);
    assert!(written("purge", Some("{}"), None).0.is_empty());
    assert!(same(&Value::from(1), &Value::from(1.0)));
}
