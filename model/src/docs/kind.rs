//! Document kinds in the stores: [`DocKind`] (declared with the other vocabularies in
//! [`crate::kinds`]) is kept in SQLite as its word, so a row reads back as the kind or fails
//! clearly, never as a free string.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

pub use crate::kinds::DocKind;

impl ToSql for DocKind {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for DocKind {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value.as_str()?.parse().map_err(|e| FromSqlError::Other(Box::new(e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_kind_reads_back_from_the_word_it_is_stored_as() {
        for &kind in DocKind::ALL {
            assert_eq!(kind.as_str().parse::<DocKind>().ok(), Some(kind));
            assert_eq!(serde_json::to_string(&kind).ok(), Some(format!("\"{kind}\"")));
        }
        assert!("poll".parse::<DocKind>().is_err());
    }
}
