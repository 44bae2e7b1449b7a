//! The grid worker against a real relay on loopback: a whole day of households, visits, needs
//! and photo reports; who may see the household registry; visits and edits that survive offline
//! work on two phones; attachments that resume after a cut connection and refuse tampering; and
//! the command line.

mod attachments;
mod cli;
mod day;
mod first_login;
mod offline;
mod patch;
mod photo_access;
mod roles;
