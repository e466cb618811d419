//! Looks up one online archive and tells "it does not exist" apart from every other failure,
//! using the error code of the API's error body.
//!
//! ```sh
//! export MONGODB_ATLAS_CLIENT_ID=... MONGODB_ATLAS_CLIENT_SECRET=...   # a service account, or
//! export MONGODB_ATLAS_PUBLIC_KEY=... MONGODB_ATLAS_PRIVATE_KEY=...    # an API key
//! cargo run -p generated-client --example handle_not_found -- <group-id> <cluster-name> <archive-id>
//! ```

use std::env;
use std::process::ExitCode;

use generated_client::{Client, Credentials, Error};

#[tokio::main]
async fn main() -> Result<ExitCode, Box<dyn std::error::Error>> {
    let Some(credentials) = credentials_from_env() else {
        eprintln!(
            "set MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET (service account) \
             or MONGODB_ATLAS_PUBLIC_KEY and MONGODB_ATLAS_PRIVATE_KEY (API key)"
        );
        return Ok(ExitCode::from(2));
    };
    let args: Vec<String> = env::args().skip(1).collect();
    let [group_id, cluster, archive_id] = args.as_slice() else {
        eprintln!("usage: handle_not_found <group-id> <cluster-name> <archive-id>");
        return Ok(ExitCode::from(2));
    };

    let client = Client::builder().credentials(credentials).build()?;
    match client
        .get_online_archive(group_id, cluster, archive_id, &Default::default())
        .await
    {
        Ok(archive) => {
            println!(
                "archive {archive_id} of {}.{}: {}",
                archive.db_name.as_deref().unwrap_or("?"),
                archive.coll_name.as_deref().unwrap_or("?"),
                archive
                    .state
                    .as_ref()
                    .map_or("unknown state", |s| s.as_str()),
            );
            Ok(ExitCode::SUCCESS)
        }
        // The one case this program expects: report it and carry on.
        Err(err) if err.is_error_code("RESOURCE_NOT_FOUND") => {
            println!("there is no online archive {archive_id} on cluster {cluster}");
            Ok(ExitCode::SUCCESS)
        }
        // Refused before sending: e.g. an archive id that is not 24 hex digits.
        Err(Error::InvalidArgument(err)) => {
            eprintln!("{err}");
            Ok(ExitCode::from(2))
        }
        // Any other answer of the API (another 404 code, 401, 403, 500...) or a transport failure.
        Err(err) => {
            eprintln!("error: {err}");
            if let Some(code) = err.error_code() {
                eprintln!("error code: {code}");
            }
            Ok(ExitCode::FAILURE)
        }
    }
}

fn credentials_from_env() -> Option<Credentials> {
    let var = |name| env::var(name).ok();
    if let (Some(id), Some(secret)) = (
        var("MONGODB_ATLAS_CLIENT_ID"),
        var("MONGODB_ATLAS_CLIENT_SECRET"),
    ) {
        return Some(Credentials::service_accounts(id, secret));
    }
    let (public_key, private_key) = (
        var("MONGODB_ATLAS_PUBLIC_KEY")?,
        var("MONGODB_ATLAS_PRIVATE_KEY")?,
    );
    Some(Credentials::digest(public_key, private_key))
}
