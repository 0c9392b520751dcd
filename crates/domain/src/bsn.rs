//! BSN (burgerservicenummer): the elfproef, and masking for display.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BsnError {
    #[error("9 cijfers nodig (nu {0})")]
    Length(usize),
    #[error("alleen cijfers")]
    NotDigits,
    #[error("elfproef klopt niet")]
    Elfproef,
}

/// Check a BSN with the elfproef: digits weighted 9, 8, …, 2 and −1 for the last; the sum must
/// be divisible by 11 (and not 0). Spaces and dots are ignored. Returns the 9 digits.
pub fn validate(input: &str) -> Result<String, BsnError> {
    let cleaned: String = input.chars().filter(|c| !matches!(c, ' ' | '.' | '-')).collect();
    if !cleaned.chars().all(|c| c.is_ascii_digit()) {
        return Err(BsnError::NotDigits);
    }
    // 8-digit numbers are valid BSNs with a leading zero.
    let digits = if cleaned.len() == 8 { format!("0{cleaned}") } else { cleaned };
    if digits.len() != 9 {
        return Err(BsnError::Length(digits.len()));
    }
    let d: Vec<i64> = digits.bytes().map(|b| (b - b'0') as i64).collect();
    let sum: i64 = (0..8).map(|i| d[i] * (9 - i as i64)).sum::<i64>() - d[8];
    if sum == 0 || sum % 11 != 0 {
        return Err(BsnError::Elfproef);
    }
    Ok(digits)
}

/// How a stored BSN sealed with a key starts (see the store's sealing). A desk without that
/// key keeps it sealed.
pub const VERZEGELD: &str = "bsn1:";

/// Show only the last three digits: "******782". A BSN this desk can't open (sealed with a key
/// it does not have) is shown as unreadable.
pub fn mask(bsn: &str) -> String {
    if bsn.starts_with(VERZEGELD) {
        return "onleesbaar (andere BSN-sleutel)".into();
    }
    let n = bsn.chars().count();
    let tail: String = bsn.chars().skip(n.saturating_sub(3)).collect();
    format!("{}{}", "*".repeat(n.saturating_sub(3)), tail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_numbers_pass() {
        // Well-known test BSNs that satisfy the elfproef.
        assert_eq!(validate("111222333").unwrap(), "111222333");
        assert_eq!(validate("123456782").unwrap(), "123456782");
        assert_eq!(validate("1234.56.782").unwrap(), "123456782");
        // 8 digits: leading zero
        assert_eq!(validate("12345672").unwrap(), "012345672");
    }

    #[test]
    fn invalid_checksum_fails() {
        assert_eq!(validate("123456789"), Err(BsnError::Elfproef));
        assert_eq!(validate("111222334"), Err(BsnError::Elfproef));
        assert_eq!(validate("000000000"), Err(BsnError::Elfproef), "all zeros sums to 0");
    }

    #[test]
    fn wrong_length_and_non_digits() {
        assert_eq!(validate("1234567"), Err(BsnError::Length(7)));
        assert_eq!(validate("1234567890"), Err(BsnError::Length(10)));
        assert_eq!(validate("12345678a"), Err(BsnError::NotDigits));
        assert_eq!(validate(""), Err(BsnError::Length(0)));
    }

    #[test]
    fn masks_all_but_last_three() {
        assert_eq!(mask("123456782"), "******782");
    }
}
