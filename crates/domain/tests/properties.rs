//! Property tests over random sequences of commands (R2, R6, R7, R10): whatever sellers do,
//! in whatever order, the invariants hold.

mod common;

use chrono::Duration;
use common::*;
use nextline_domain::*;
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
    Complete(usize),
    Skip(usize),
    Snooze(usize, u32),
    Assign(usize, usize),
    AssignTeam(usize),
    Note(usize),
    ChangeOwner(usize),
    AddManual(bool),
    Wait(u32),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => any::<usize>().prop_map(Op::Complete),
        3 => any::<usize>().prop_map(Op::Skip),
        2 => (any::<usize>(), 1u32..5000).prop_map(|(a, m)| Op::Snooze(a, m)),
        1 => (any::<usize>(), 0usize..4).prop_map(|(a, u)| Op::Assign(a, u)),
        1 => any::<usize>().prop_map(Op::AssignTeam),
        1 => any::<usize>().prop_map(Op::Note),
        2 => (0usize..4).prop_map(Op::ChangeOwner),
        1 => any::<bool>().prop_map(Op::AddManual),
        2 => (0u32..4000).prop_map(Op::Wait),
    ]
}

fn check_invariants(w: &World, seq: &Sequence) {
    // R2: at most one open step per record.
    let open_steps = w
        .state
        .activities
        .iter()
        .filter(|a| a.step.is_some() && a.is_open())
        .count();
    assert!(open_steps <= 1, "{open_steps} open steps");
    // R2/R6: no step lost or duplicated — the steps created so far are exactly the sequence's
    // non-wait steps, in order, from the first.
    let created: Vec<u32> = w
        .state
        .activities
        .iter()
        .filter_map(|a| a.step.map(|s| s.index))
        .collect();
    let expected: Vec<u32> = seq
        .steps
        .iter()
        .enumerate()
        .filter(|(_, s)| !matches!(s.kind, StepKind::Wait { .. }))
        .map(|(i, _)| i as u32)
        .take(created.len())
        .collect();
    assert_eq!(
        created, expected,
        "steps created out of order, lost or twice"
    );
    // Once a step is closed, every step before it is closed too.
    if let Some(open) = w.state.open_step() {
        assert_eq!(
            open.step.unwrap().index,
            *created.last().unwrap(),
            "only the newest step may be open"
        );
    }
    // R7: a manual task is never snoozed.
    for a in &w.state.activities {
        if a.kind == ActivityType::Task {
            assert!(a.snoozed_until.is_none(), "task {} was snoozed", a.subject);
        }
        if a.is_open() {
            assert!(a.closed_at.is_none());
        } else {
            assert!(a.closed_at.is_some());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_for_any_sequence_of_commands(ops in prop::collection::vec(op(), 1..60)) {
        let mut w = World::new();
        let seq = sequence();
        let users = [w.ana, w.ben, w.mia, w.zoe];
        for op in ops {
            let pick = |i: usize| w.state.activities[i % w.state.activities.len()].id;
            let before = w.state.clone();
            let actor = users[(w.ids.0 as usize) % 3]; // rotate through the sales users
            let result = match op {
                Op::Complete(i) => w.run_as(actor, Command::Complete { activity: pick(i), note: Some("n".into()) }),
                Op::Skip(i) => w.run_as(actor, Command::Skip { activity: pick(i) }),
                Op::Snooze(i, m) => {
                    let until = w.now + Duration::minutes(m.into());
                    w.run_as(actor, Command::Snooze { activity: pick(i), until })
                }
                Op::Assign(i, u) => w.run_as(actor, Command::Assign { activity: pick(i), to: Assignee::User(users[u]) }),
                Op::AssignTeam(i) => { let team = w.team; w.run_as(actor, Command::Assign { activity: pick(i), to: Assignee::Team(team) }) }
                Op::Note(i) => w.run_as(actor, Command::AddNote { activity: pick(i), text: "x".into() }),
                Op::ChangeOwner(u) => {
                    let record = w.state.record.id;
                    w.run_as(actor, Command::ChangeOwner { record, to: users[u] })
                }
                Op::AddManual(task) => {
                    w.add_manual(if task { ActivityType::Task } else { ActivityType::PhoneCall }, "manual");
                    Ok(Outcome::default())
                }
                Op::Wait(m) => { w.later(Duration::minutes(m.into())); Ok(Outcome::default()) }
            };
            match result {
                Err(_) => prop_assert_eq!(&w.state, &before, "a refused command changed nothing"),
                Ok(out) => {
                    // R10 and R9: every step created by this command goes to the record's owner
                    // as it stands after the command.
                    for a in &out.activities {
                        if before.activity(a.id).is_none() && a.step.is_some() {
                            prop_assert_eq!(a.assignee, Assignee::User(w.state.record.owner));
                        }
                    }
                    // R10: an owner change leaves the active step's assignee alone and moves
                    // steps still waiting from the old owner to the new.
                    if before.record.owner != w.state.record.owner
                        && let Some(old) = before.open_step() {
                            let now = w.state.activity(old.id).unwrap();
                            if old.starts_at <= w.now {
                                prop_assert_eq!(now.assignee, old.assignee);
                            } else if old.assignee == Assignee::User(before.record.owner) {
                                prop_assert_eq!(now.assignee, Assignee::User(w.state.record.owner));
                            }
                        }
                }
            }
            check_invariants(&w, &seq);
        }
    }
}
