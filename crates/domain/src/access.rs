//! Who may do what (R9, R22).

use crate::activity::{Activity, Assignee};
use crate::error::DomainError;
use crate::record::Record;
use crate::settings::{Feature, Settings};
use crate::user::Actor;

/// R22: every sales feature needs a sales role.
pub fn require_sales_role(actor: &Actor) -> Result<(), DomainError> {
    match actor.user.role {
        Some(_) => Ok(()),
        None => Err(DomainError::SalesRoleRequired),
    }
}

/// R22: a feature the administrator turned off refuses, naming the switch.
pub fn require_feature(settings: &Settings, feature: Feature) -> Result<(), DomainError> {
    if settings.features.is_on(feature) {
        Ok(())
    } else {
        Err(DomainError::FeatureDisabled(feature))
    }
}

/// Whether the activity is the actor's to work on: assigned to them or to one of their teams,
/// or the actor owns the record, or manages sales.
pub fn is_assigned_to(actor: &Actor, activity: &Activity) -> bool {
    match activity.assignee {
        Assignee::User(u) => u == actor.id(),
        Assignee::Team(t) => actor.teams.contains(&t),
    }
}

pub fn may_work_on(actor: &Actor, record: &Record, activity: &Activity) -> Result<(), DomainError> {
    if is_assigned_to(actor, activity) || record.owner == actor.id() || actor.is_manager() {
        Ok(())
    } else {
        Err(DomainError::NotYourActivity)
    }
}

/// R9, R22: only the record owner (or a sales manager) assigns.
pub fn may_assign(actor: &Actor, record: &Record) -> Result<(), DomainError> {
    if record.owner == actor.id() || actor.is_manager() {
        Ok(())
    } else {
        Err(DomainError::OnlyOwnerCanAssign)
    }
}

/// Only the record owner (or a sales manager) hands the record to someone else.
pub fn may_change_owner(actor: &Actor, record: &Record) -> Result<(), DomainError> {
    if record.owner == actor.id() || actor.is_manager() {
        Ok(())
    } else {
        Err(DomainError::OnlyOwnerCanChangeOwner)
    }
}
