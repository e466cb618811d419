//! Creates an online archive that moves documents older than 60 days (by a date field) every
//! Sunday night, authenticating with a programmatic API key (HTTP Digest).
//!
//! ```sh
//! export MONGODB_ATLAS_PUBLIC_KEY=... MONGODB_ATLAS_PRIVATE_KEY=...
//! cargo run -p generated-client --example create_online_archive -- \
//!     <group-id> <cluster-name> <database> <collection> <date-field>
//! ```

use std::env;
use std::process::ExitCode;

use generated_client::models::{
    BackupOnlineArchiveCreate, CriteriaView, DataExpirationRuleView, DateCriteriaView,
    DateCriteriaViewDateFormat, OnlineArchiveSchedule, PartitionFieldView, WeeklyScheduleView,
};
use generated_client::{Client, Credentials, Validate};

const USAGE: &str = "usage: MONGODB_ATLAS_PUBLIC_KEY=... MONGODB_ATLAS_PRIVATE_KEY=... \
    create_online_archive <group-id> <cluster-name> <database> <collection> <date-field>";

#[tokio::main]
async fn main() -> Result<ExitCode, Box<dyn std::error::Error>> {
    let (Ok(public_key), Ok(private_key)) = (
        env::var("MONGODB_ATLAS_PUBLIC_KEY"),
        env::var("MONGODB_ATLAS_PRIVATE_KEY"),
    ) else {
        eprintln!("{USAGE}");
        return Ok(ExitCode::from(2));
    };
    let args: Vec<String> = env::args().skip(1).collect();
    let [group_id, cluster, database, collection, date_field] = args.as_slice() else {
        eprintln!("{USAGE}");
        return Ok(ExitCode::from(2));
    };

    // Archive documents whose `date_field` is more than 60 days old...
    let criteria = CriteriaView::Date(DateCriteriaView {
        date_field: Some(date_field.clone()),
        date_format: Some(DateCriteriaViewDateFormat::Isodate),
        expire_after_days: Some(60),
        ..Default::default()
    });
    let mut archive =
        BackupOnlineArchiveCreate::new(collection.clone(), criteria, database.clone());
    // ...partitioned by that date field (it must come first when the criteria are DATE)...
    archive.partition_fields = Some(vec![PartitionFieldView::new(date_field.clone(), 0)]);
    // ...every Sunday (7) between 01:00 and 05:00 UTC...
    archive.schedule = Some(OnlineArchiveSchedule::Weekly(WeeklyScheduleView {
        day_of_week: Some(7),
        start_hour: Some(1),
        start_minute: Some(0),
        end_hour: Some(5),
        end_minute: Some(0),
        ..Default::default()
    }));
    // ...and delete archived data after a year.
    archive.data_expiration_rule = Some(DataExpirationRuleView {
        expire_after_days: Some(365),
        ..Default::default()
    });
    // The operation checks this too before sending; checking here lists every problem at once.
    archive.validate()?;

    let client = Client::builder()
        .credentials(Credentials::digest(public_key, private_key))
        .build()?;
    let created = client
        .create_online_archive(group_id, cluster, &archive, &Default::default())
        .await?;
    println!(
        "created online archive {} ({})",
        created.id.as_deref().unwrap_or("?"),
        created
            .state
            .as_ref()
            .map_or("unknown state", |s| s.as_str()),
    );
    Ok(ExitCode::SUCCESS)
}
