//! Whole numbers across the boundary. Kotlin and Swift see only signed integers (`Int`/`Long`,
//! `Int32`/`Int64`), never `UInt`/`ULong` or `UInt32`/`UInt64`; the core keeps its unsigned
//! counts. A number coming in from the app is converted with [`from_app`]: a negative or
//! too-large value is [`JinlinError::InvalidInput`], refused before anything is written. A
//! number going out is saturated with [`to_i32`] or [`to_i64`]: a count too large for the
//! app's type shows as its largest value, never as a wrapped-around negative.

use std::fmt::Display;

use crate::error::JinlinError;

/// `value` from the app as the core's unsigned type `T`, or `InvalidInput` naming `what` when
/// it is negative or does not fit.
pub fn from_app<T, V>(what: &str, value: V) -> Result<T, JinlinError>
where
    T: TryFrom<V>,
    V: Copy + Default + PartialOrd + Display,
{
    T::try_from(value).map_err(|_| JinlinError::InvalidInput {
        reason: if value < V::default() {
            format!("{what} must not be negative (it is {value})")
        } else {
            format!("{what} is too large ({value})")
        },
    })
}

/// A count or number for the app as `i32`, the largest `i32` if it does not fit.
pub fn to_i32<V: TryInto<i32>>(value: V) -> i32 {
    value.try_into().unwrap_or(i32::MAX)
}

/// A count, size or time for the app as `i64`, the largest `i64` if it does not fit.
pub fn to_i64<V: TryInto<i64>>(value: V) -> i64 {
    value.try_into().unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_negative_number_from_the_app_is_invalid_input_naming_it() {
        let refused = from_app::<u32, i32>("minutes of grace", -1);
        match refused {
            Err(JinlinError::InvalidInput { reason }) => {
                assert!(reason.contains("minutes of grace"), "{reason}");
                assert!(reason.contains("negative"), "{reason}");
            }
            other => panic!("expected InvalidInput, got {other:?}"),
        }
    }

    #[test]
    fn a_number_too_large_for_the_core_is_invalid_input_not_wrapped() {
        assert!(matches!(
            from_app::<u8, i32>("step", 256),
            Err(JinlinError::InvalidInput { reason }) if reason.contains("too large")
        ));
        assert_eq!(from_app::<u8, i32>("step", 255), Ok(255));
        assert_eq!(from_app::<u64, i64>("seconds", 0), Ok(0));
    }

    #[test]
    fn a_count_too_large_for_the_app_shows_as_the_largest_value() {
        assert_eq!(to_i32(u32::MAX), i32::MAX);
        assert_eq!(to_i32(usize::MAX), i32::MAX);
        assert_eq!(to_i32(7_u8), 7);
        assert_eq!(to_i64(u64::MAX), i64::MAX);
        assert_eq!(to_i64(42_usize), 42);
    }
}
