//! Where credentials may travel without TLS.

use std::net::{IpAddr, Ipv6Addr};

use url::{Host, Url};

/// Whether a secret sent to `url` is protected from the network: sent over `https`, or over
/// plain `http` to this very machine (127.0.0.0/8, `::1`, `localhost`), where there is no
/// network to protect it from.
pub(crate) fn keeps_secrets(url: &Url) -> bool {
    url.scheme() == "https" || is_loopback(url)
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(name)) => name.trim_end_matches('.').eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => is_loopback_v6(ip),
        None => false,
    }
}

fn is_loopback_v6(ip: Ipv6Addr) -> bool {
    ip.is_loopback()
        || ip
            .to_ipv4_mapped()
            .is_some_and(|v4| IpAddr::V4(v4).is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_and_loopback_keep_secrets() {
        for url in [
            "https://cloud.example.com",
            "http://127.0.0.1:8080",
            "http://127.9.8.7",
            "http://[::1]:9",
            "http://[::ffff:127.0.0.1]",
            "http://localhost:3000/api",
            "http://LOCALHOST./",
        ] {
            assert!(keeps_secrets(&Url::parse(url).unwrap()), "{url}");
        }
        for url in [
            "http://cloud.example.com",
            "http://10.0.0.1",
            "http://0.0.0.0",
            "http://[::2]",
            "http://localhost.example.com",
            "http://128.0.0.1",
        ] {
            assert!(!keeps_secrets(&Url::parse(url).unwrap()), "{url}");
        }
    }
}
