//! Phones and a real relay on loopback: requests travel, sign-ups resolve the same way on every
//! phone, nothing is lost, and nobody reads what is not theirs.

mod access;
mod copied_home;
mod durability;
mod first_arrival;
mod foreign;
mod late_join;
mod reach;
mod refused;
mod tls;
mod wire;
