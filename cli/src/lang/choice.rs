//! Which language the command line speaks: `--lang zh|en` if given, else `JINLIN_LANG`, else the
//! locale (`LC_ALL`, then `LC_MESSAGES`, then `LANG`, the first that is set, as POSIX reads
//! them). A Chinese locale (`zh_CN.UTF-8`, `zh_TW`) is Chinese; any other locale that is set
//! (`en_US.UTF-8`, `C.UTF-8`, `POSIX`, `fr_FR.UTF-8`) is English, since an operator on such a
//! server reads English more likely than Chinese; no locale at all is Chinese, the default. An
//! unknown `--lang` or `JINLIN_LANG` is refused with a clear error rather than guessed.

use jinlin_model::Language;
use jinlin_model::language::UnknownLanguage;

/// The locale variables, in the order POSIX reads them.
const LOCALE: [&str; 3] = ["LC_ALL", "LC_MESSAGES", "LANG"];

/// The language for `flag` (`--lang`) and the environment `env` reads.
pub fn choose(flag: Option<&str>, env: impl Fn(&str) -> Option<String>) -> Result<Language, UnknownLanguage> {
    let set = |name: &str| env(name).filter(|v| !v.trim().is_empty());
    if let Some(flag) = flag {
        return flag.parse();
    }
    if let Some(value) = set("JINLIN_LANG") {
        return value.parse();
    }
    Ok(match LOCALE.iter().find_map(|name| set(name)) {
        Some(locale) => Language::from_tag(&locale).unwrap_or(Language::En),
        None => Language::ZhHans,
    })
}

/// `--lang`'s value and whether `--json` is given, read from the command line before clap reads
/// it (clap then checks both as usual). Only what comes before a lone `--` counts.
pub fn flags(args: &[std::ffi::OsString]) -> (Option<String>, bool) {
    let mut lang = None;
    let mut json = false;
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        match word.as_ref() {
            "--" => break,
            "--json" => json = true,
            "--lang" => lang = words.next().map(|v| v.into_owned()),
            other => {
                if let Some(v) = other.strip_prefix("--lang=") {
                    lang = Some(v.to_string());
                }
            }
        }
    }
    (lang, json)
}

/// The language for `flag` and this process's environment.
pub fn from_env(flag: Option<&str>) -> Result<Language, UnknownLanguage> {
    choose(flag, |name| std::env::var(name).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    #[test]
    fn with_nothing_said_it_is_chinese() {
        assert_eq!(choose(None, with(&[])), Ok(Language::ZhHans));
        assert_eq!(choose(None, with(&[("LANG", "")])), Ok(Language::ZhHans));
    }

    #[test]
    fn a_chinese_locale_is_chinese_and_any_other_locale_english() {
        assert_eq!(choose(None, with(&[("LANG", "zh_CN.UTF-8")])), Ok(Language::ZhHans));
        for locale in ["C.UTF-8", "C", "POSIX", "en_US.UTF-8", "fr_FR.UTF-8"] {
            assert_eq!(choose(None, with(&[("LANG", locale)])), Ok(Language::En), "{locale}");
        }
    }

    #[test]
    fn lc_all_then_lc_messages_then_lang() {
        let env = with(&[("LANG", "en_US.UTF-8"), ("LC_MESSAGES", "zh_CN.UTF-8")]);
        assert_eq!(choose(None, env), Ok(Language::ZhHans));
        let env = with(&[("LC_ALL", "C.UTF-8"), ("LC_MESSAGES", "zh_CN.UTF-8")]);
        assert_eq!(choose(None, env), Ok(Language::En));
    }

    #[test]
    fn the_flag_beats_jinlin_lang_which_beats_the_locale() {
        let env = with(&[("JINLIN_LANG", "en"), ("LC_ALL", "zh_CN.UTF-8")]);
        assert_eq!(choose(None, &env), Ok(Language::En));
        assert_eq!(choose(Some("zh"), &env), Ok(Language::ZhHans));
    }

    #[test]
    fn the_flags_are_read_wherever_they_stand() {
        let args = |a: &[&str]| a.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(
            flags(&args(&["jinlin", "request", "list", "--lang", "en", "--json"])),
            (Some("en".into()), true)
        );
        assert_eq!(
            flags(&args(&["jinlin", "--lang=zh", "whoami"])),
            (Some("zh".into()), false)
        );
        assert_eq!(
            flags(&args(&["jinlin", "request", "comment", "x", "--", "--json"])),
            (None, false)
        );
    }

    #[test]
    fn an_unknown_flag_or_jinlin_lang_is_an_error_not_a_guess() {
        assert!(choose(Some("fr"), with(&[])).is_err());
        assert!(choose(None, with(&[("JINLIN_LANG", "klingon")])).is_err());
    }
}
