//! Registration, `POST /v1/devices`: a device introduces the member id it made for itself and
//! receives its secret token. A member id belongs to the first device that registers it: a
//! second registration is refused unless it carries that device's own token (then the token is
//! replaced, and the name updated).

use jinlin_core::ids::relay_actor;
use jinlin_core::protocol::{RegisterRequest, RegisterResponse};
use jinlin_core::validate;

use crate::auth::new_token;
use crate::error::AppError;
use crate::relay::Relay;
use crate::store::{DeviceRecord, Digest, Write};

/// Whether a registration made a new device or replaced a device's token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registered {
    /// A new device.
    Created,
    /// The device registered again with its own token; it has a new one now.
    Renewed,
}

impl Relay {
    /// Registers a device. `presented` is the hash of the bearer token sent along, if any.
    pub fn register(
        &self,
        req: &RegisterRequest,
        presented: Option<Digest>,
    ) -> Result<(RegisterResponse, Registered), AppError> {
        let name =
            validate::text("name", &req.name, validate::MAX_NAME).map_err(|e| AppError::BadRequest(e.to_string()))?;
        if req.member_id.actor() == relay_actor() {
            return Err(AppError::BadRequest("this member id is reserved".into()));
        }
        let (token, token_hash) = new_token()?;
        let _writer = self.writer();
        let existing = self.store.device(req.member_id)?;
        let (created_at, outcome) = match existing {
            None => (self.now(), Registered::Created),
            Some(d) if presented == Some(d.token_hash) => (d.created_at, Registered::Renewed),
            Some(_) => {
                return Err(AppError::Conflict(
                    "this member id is already registered; only its own device may register it again".into(),
                ));
            }
        };
        self.store.write(&[Write::PutDevice(DeviceRecord {
            member_id: req.member_id,
            name,
            token_hash,
            created_at,
        })])?;
        tracing::info!(member = %req.member_id, ?outcome, "device registered");
        Ok((
            RegisterResponse {
                member_id: req.member_id,
                token,
            },
            outcome,
        ))
    }
}
