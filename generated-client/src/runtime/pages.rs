//! Walking paginated list operations as one stream of items.

use std::future::Future;
use std::pin::Pin;

use futures_core::Stream;

use super::error::Error;

/// One page of a paginated list response.
///
/// Generated code implements this for list responses (e.g. a `results` array next to a
/// `totalCount`), so that [`paginate`] can walk them.
pub trait Page {
    /// The type of the listed items.
    type Item;

    /// The total number of items across all pages, when the server reports it.
    fn total_count(&self) -> Option<u64>;

    /// The items of this page, in order.
    fn into_items(self) -> Vec<Self::Item>;
}

/// A boxed stream of items, as returned by generated "list all" methods.
///
/// `'a` lets the stream borrow the client (and arguments) of the `&'a self` method returning it.
pub type ItemStream<'a, T, E = serde_json::Value> =
    Pin<Box<dyn Stream<Item = Result<T, Error<E>>> + Send + 'a>>;

/// Walks pages starting at `start_page` (page numbers are 1-based in Atlas-style APIs) by
/// calling `fetch(page_num)`, and yields every item.
///
/// Stops after an empty page, a short page (fewer than `items_per_page` items), or once the
/// reported `totalCount` has been reached, so no request is made for a page that cannot exist.
/// The first error is yielded and ends the stream.
///
/// The stream is boxed so that generated `&'a self` methods can return it as an
/// [`ItemStream`] whose `fetch` futures borrow the client; hence everything must be `Send`.
pub fn paginate<'a, P, E, F, Fut>(
    items_per_page: u32,
    start_page: u32,
    fetch: F,
) -> ItemStream<'a, P::Item, E>
where
    P: Page + 'a,
    P::Item: Send + 'a,
    E: Send + 'a,
    F: FnMut(u32) -> Fut + Send + 'a,
    Fut: Future<Output = Result<P, Error<E>>> + Send + 'a,
{
    let state = Walk {
        fetch,
        next_page: Some(start_page),
        items: Vec::new().into_iter(),
        // Items on the pages before `start_page` count toward `totalCount` too.
        seen: u64::from(start_page.saturating_sub(1)) * u64::from(items_per_page),
        items_per_page,
    };
    Box::pin(futures_util::stream::unfold(state, |mut walk| async move {
        loop {
            if let Some(item) = walk.items.next() {
                return Some((Ok(item), walk));
            }
            let page_num = walk.next_page.take()?;
            let page = match (walk.fetch)(page_num).await {
                Ok(page) => page,
                Err(error) => return Some((Err(error), walk)),
            };
            let total = page.total_count();
            let items = page.into_items();
            let count = items.len();
            walk.seen += count as u64;
            // With a page size of 0 (server default) "short" means nothing; only an empty page
            // or `totalCount` can end the walk.
            let short = walk.items_per_page > 0 && count < walk.items_per_page as usize;
            let reached_total = total.is_some_and(|total| walk.seen >= total);
            if count > 0 && !short && !reached_total {
                walk.next_page = page_num.checked_add(1);
            }
            walk.items = items.into_iter();
        }
    }))
}

struct Walk<F, I> {
    fetch: F,
    /// `None` once the walk is over (finished, failed, or page numbers exhausted).
    next_page: Option<u32>,
    items: std::vec::IntoIter<I>,
    seen: u64,
    items_per_page: u32,
}
