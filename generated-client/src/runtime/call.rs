//! What an operation method returns: its request, already built and checked, and the future
//! that sends it.

use std::future::Future;
use std::pin::Pin;

use serde::de::DeserializeOwned;

use super::client::Client;
use super::error::{ArgumentError, Error};
use super::request::OperationRequest;

/// The future of one operation call: `.await` it for the decoded response.
///
/// Operation methods check their arguments and build the request when called; the future
/// only sends it (a bad argument is its [`Error::InvalidArgument`], and nothing is sent). It
/// borrows the client and nothing else, so the arguments may be dropped before awaiting.
///
/// Generated methods return this boxed future rather than being `async fn`s: the compiler
/// checks each `async fn` body with every state of the runtime's exchange inside it, which
/// cost seconds over the hundreds of operations of a large API.
pub type Call<'a, T, E> = Pin<Box<dyn Future<Output = Result<T, Error<E>>> + Send + 'a>>;

impl Client {
    /// Sends `request`, when it could be built, and decodes a 2xx JSON body into `T`
    /// (see [`Client::send_json`]).
    pub fn call_json<'a, T, E>(
        &'a self,
        request: Result<OperationRequest, ArgumentError>,
    ) -> Call<'a, T, E>
    where
        T: DeserializeOwned + Send + 'a,
        E: DeserializeOwned + Send + 'a,
    {
        Box::pin(async move { self.send_json(request?).await })
    }

    /// Sends `request`, when it could be built, for a success response without a body (see
    /// [`Client::send_empty`]).
    pub fn call_empty<'a, E>(
        &'a self,
        request: Result<OperationRequest, ArgumentError>,
    ) -> Call<'a, (), E>
    where
        E: DeserializeOwned + Send + 'a,
    {
        Box::pin(async move { self.send_empty(request?).await })
    }

    /// Sends `request`, when it could be built, and returns a 2xx body as bytes (see
    /// [`Client::send_bytes`]).
    pub fn call_bytes<'a, E>(
        &'a self,
        request: Result<OperationRequest, ArgumentError>,
    ) -> Call<'a, Vec<u8>, E>
    where
        E: DeserializeOwned + Send + 'a,
    {
        Box::pin(async move { self.send_bytes(request?).await })
    }
}
