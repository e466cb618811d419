//! Lists every snapshot of one flex cluster, walking all pages, with a service account.
//!
//! ```sh
//! export MONGODB_ATLAS_CLIENT_ID=mdb_sa_id_... MONGODB_ATLAS_CLIENT_SECRET=mdb_sa_sk_...
//! cargo run -p generated-client --example list_flex_snapshots -- <group-id> <cluster-name>
//! ```
//!
//! The group id and cluster name can also come from `MONGODB_ATLAS_GROUP_ID` and
//! `MONGODB_ATLAS_CLUSTER_NAME`.

use std::env;
use std::process::ExitCode;

use futures_util::StreamExt;
use generated_client::operations::list_flex_backups;
use generated_client::{Client, Credentials};

#[tokio::main]
async fn main() -> Result<ExitCode, Box<dyn std::error::Error>> {
    let (Ok(client_id), Ok(client_secret)) = (
        env::var("MONGODB_ATLAS_CLIENT_ID"),
        env::var("MONGODB_ATLAS_CLIENT_SECRET"),
    ) else {
        eprintln!("set MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET to a service account's id and secret");
        return Ok(ExitCode::from(2));
    };
    let mut args = env::args().skip(1);
    let (Some(group_id), Some(cluster)) = (
        args.next()
            .or_else(|| env::var("MONGODB_ATLAS_GROUP_ID").ok()),
        args.next()
            .or_else(|| env::var("MONGODB_ATLAS_CLUSTER_NAME").ok()),
    ) else {
        eprintln!("usage: list_flex_snapshots <group-id> <cluster-name>");
        return Ok(ExitCode::from(2));
    };

    let client = Client::builder()
        .credentials(Credentials::service_accounts(client_id, client_secret))
        .build()?;

    // Asks for the next page only when this one is used up, and stops at the last one.
    let params = list_flex_backups::Params {
        items_per_page: Some(100),
        ..Default::default()
    };
    let mut snapshots = client.list_flex_backups_stream(&group_id, &cluster, &params);
    while let Some(snapshot) = snapshots.next().await {
        let snapshot = snapshot?;
        println!(
            "{}  {:<9}  finished {}",
            snapshot.id.as_deref().unwrap_or("-"),
            snapshot.status.as_ref().map_or("-", |s| s.as_str()),
            snapshot
                .finish_time
                .map_or("-".to_owned(), |t| t.to_rfc3339()),
        );
    }
    Ok(ExitCode::SUCCESS)
}
