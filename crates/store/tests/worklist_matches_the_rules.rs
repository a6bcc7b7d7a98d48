//! The SQL work list gives exactly the cards the domain's definition gives (R3), for random
//! filters, sorts, groups, searches and page sizes, paging through every page.

use chrono::{DateTime, Duration, Utc};
use nextline_demo::generate;
use nextline_domain::due::DueBucket;
use nextline_domain::worklist::{
    GroupBy, OwnerFilter, SortKey, WorkListCard, WorkListQuery, work_list,
};
use nextline_domain::*;
use nextline_store::{Import, Store};
use proptest::prelude::*;
use std::sync::OnceLock;

fn now() -> DateTime<Utc> {
    "2026-11-25T08:00:00Z".parse().unwrap()
}

struct Fixture {
    rt: tokio::runtime::Runtime,
    store: Store,
    data: nextline_demo::DemoData,
    settings: Settings,
    _dir: tempfile::TempDir,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let data = generate(42, 600, now());
        let settings = Settings::default();
        let store = rt.block_on(async {
            let store = Store::open(&dir.path().join("cache.db")).await.unwrap();
            store
                .import(
                    &Import {
                        users: &data.users,
                        teams: &data.teams,
                        sequences: &data.sequences,
                        records: &data.records,
                        notes: &data.notes,
                        timeline: &data.timeline,
                    },
                    &settings,
                )
                .await
                .unwrap();
            store
        });
        Fixture {
            rt,
            store,
            data,
            settings,
            _dir: dir,
        }
    })
}

fn all_pages(
    f: &Fixture,
    actor: &Actor,
    q: &WorkListQuery,
    at: DateTime<Utc>,
) -> (Vec<WorkListCard>, u32) {
    let dir = Directory {
        users: f.data.users.clone(),
        teams: f.data.teams.clone(),
    };
    f.rt.block_on(async {
        let mut q = q.clone();
        let mut cards = Vec::new();
        let first = f
            .store
            .work_list(actor, &dir, &f.settings, &q, at)
            .await
            .unwrap();
        let total = f
            .store
            .work_list_count(actor, &f.settings, &q, at)
            .await
            .unwrap();
        cards.extend(first.cards);
        let mut next = first.next_cursor;
        while let Some(c) = next {
            q.after = Some(c);
            let page = f
                .store
                .work_list(actor, &dir, &f.settings, &q, at)
                .await
                .unwrap();
            assert!(page.cards.len() <= q.limit as usize);
            cards.extend(page.cards);
            next = page.next_cursor;
        }
        (cards, total)
    })
}

fn query() -> impl Strategy<Value = (WorkListQuery, usize, i64)> {
    let types = prop::collection::vec(prop::sample::select(ActivityType::ALL.to_vec()), 0..3);
    let due = prop::collection::vec(prop::sample::select(DueBucket::ALL.to_vec()), 0..3);
    let kinds = prop::collection::vec(prop::sample::select(RecordKind::ALL.to_vec()), 0..2);
    let owner = prop_oneof![Just(0u8), Just(1), Just(2), Just(3)];
    let search = prop::option::weighted(
        0.3,
        prop::sample::select(vec![
            "acme",
            "παπα",
            "ΓΕΩΡΓΙΟΥ",
            "northwind",
            "69",
            "+30 210",
            "maria@",
            "solar",
            "licences",
            "ελενη γεωργιου",
            "zzz",
            "2310",
        ]),
    );
    let sort = prop::sample::select(SortKey::ALL.to_vec());
    let group = prop::option::of(prop::sample::select(vec![
        GroupBy::DueBucket,
        GroupBy::ActivityType,
    ]));
    (
        types,
        due,
        kinds,
        owner,
        search,
        sort,
        any::<bool>(),
        group,
        1u32..120,
        0usize..5,
        -48i64..48,
    )
        .prop_map(
            |(
                types,
                due,
                record_kinds,
                owner,
                search,
                sort,
                descending,
                group_by,
                limit,
                who,
                hours,
            )| {
                let owner = match owner {
                    0 => OwnerFilter::Anyone,
                    1 => OwnerFilter::Me,
                    2 => OwnerFilter::NotMe,
                    _ => OwnerFilter::User(UserId(uuid::Uuid::nil())), // replaced below
                };
                (
                    WorkListQuery {
                        types,
                        due,
                        record_kinds,
                        owner,
                        search: search.map(str::to_string),
                        sort,
                        descending,
                        group_by,
                        limit,
                        after: None,
                    },
                    who,
                    hours,
                )
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, ..ProptestConfig::default() })]

    #[test]
    fn r3_sql_work_list_equals_the_rules((mut q, who, hours) in query()) {
        let f = fixture();
        let dir = Directory { users: f.data.users.clone(), teams: f.data.teams.clone() };
        let actor = dir.actor(f.data.users[who].id).unwrap();
        if let OwnerFilter::User(_) = q.owner {
            q.owner = OwnerFilter::User(f.data.users[(who + 1) % 5].id);
        }
        let at = now() + Duration::hours(hours);
        let expected = work_list(&actor, &dir, &f.data.records, &q, &f.settings, at);
        let (got, total) = all_pages(f, &actor, &q, at);
        prop_assert_eq!(total as usize, expected.len());
        prop_assert_eq!(got, expected);
    }
}

#[test]
fn r3_the_demo_work_list_is_not_trivially_empty() {
    let f = fixture();
    let dir = Directory {
        users: f.data.users.clone(),
        teams: f.data.teams.clone(),
    };
    let actor = dir.actor(f.data.current_user).unwrap();
    let (cards, total) = all_pages(f, &actor, &WorkListQuery::default(), now());
    assert!(total > 200, "{total}");
    assert!(
        cards.iter().any(|c| !c.owned_by_me),
        "assigned to me on someone else's record"
    );
    assert!(cards.windows(2).all(|w| w[0].due <= w[1].due));
    let greek = WorkListQuery {
        search: Some("παπαδοπουλου".into()),
        ..WorkListQuery::default()
    };
    let (hits, _) = all_pages(f, &actor, &greek, now());
    assert!(!hits.is_empty() && hits.iter().all(|c| c.contact_name.contains("Παπαδοπούλου")));
}
