//! QR codes drawn as SVG on the relay (the `qrcode` crate), for the sign-in code and printed
//! invites: no image library, nothing fetched by the browser.

use qrcode::QrCode;
use qrcode::render::svg;

/// `text` as an inline SVG QR code, or an empty string when it is too long to encode.
pub fn qr_svg(text: &str) -> String {
    match QrCode::new(text.as_bytes()) {
        Ok(code) => code
            .render::<svg::Color<'_>>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build()
            // The XML declaration is for a file of its own; inside a page only the element goes.
            .split_once("<svg")
            .map(|(_, svg)| format!("<svg{svg}"))
            .unwrap_or_default(),
        Err(e) => {
            tracing::warn!(error = %e, "no QR code");
            String::new()
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_code_becomes_an_svg() {
        let svg = super::qr_svg("jinlin:dashboard:ABCD-EFGH");
        assert!(svg.contains("<svg") && svg.contains("</svg>"), "{svg}");
    }
}
