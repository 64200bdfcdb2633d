"""Every action, callback and block id the bot uses, so listeners and builders agree.

One class per surface; a value is never reused across classes.
"""

from __future__ import annotations

from enum import StrEnum


class Block(StrEnum):
    HELP_INTRO = "help_intro"
    HELP_COMMANDS = "help_commands"
    HOME_INTRO = "home_intro"
    HOME_START = "home_start"


class Home(StrEnum):
    NUDGE_REPORT = "home_nudge_report"
    ACTION_ITEM_DONE = "home_action_item_done"
    OPEN_PREP = "home_open_prep"
    OPEN_GOALS = "home_open_goals"
    OPEN_SKILLS = "home_open_skills"
    OPEN_SETTINGS = "home_open_settings"
    OPEN_GUIDE = "home_open_guide"
    OPEN_HISTORY = "home_open_history"
    OPEN_HELP = "home_open_help"
    HELP_MODAL = "home_help_modal"
    LOG_CONVERSATION = "home_log_conversation"


class Lapse(StrEnum):
    SNOOZE_1_WEEK = "lapse_snooze_1_week"
    SNOOZE_2_WEEKS = "lapse_snooze_2_weeks"
    ACTIONS = "lapse_actions"
    SCHEDULE = "lapse_schedule"
    SCHEDULE_MODAL = "lapse_schedule_modal"
    SCHEDULE_REFUSED = "lapse_schedule_refused"


class Settings(StrEnum):
    MODAL = "settings_modal"
    SAVED = "settings_saved"


class Prep(StrEnum):
    MODAL = "prep_modal"
    BACK = "prep_back"
    DONE = "prep_done"
    REFUSED = "prep_refused"


class Guide(StrEnum):
    ALTERNATIVE_PROMPT = "guide_alternative_prompt"
    ACTIONS = "guide_actions"


class Goals(StrEnum):
    MODAL = "goals_modal"
    EDIT = "goal_edit"
    DONE = "goal_done"
    DROP = "goal_drop"
    ADD = "goal_add"
    FORM = "goal_form"


class Skills(StrEnum):
    MODAL = "skills_modal"
    ADD = "skill_add"
    EDIT = "skill_edit"
    FORM = "skill_form"


class Log(StrEnum):
    MODAL = "log_modal"
    LOGGED = "log_logged"
    REFUSED = "log_refused"


class Recap(StrEnum):
    ITEM_DONE = "recap_item_done"
    EDIT = "recap_edit"
    CALENDAR = "recap_calendar"
    ACTIONS = "recap_actions"


class FollowUp(StrEnum):
    ITEM_DONE = "followup_item_done"
    PUSH_DUE = "followup_push_due"


class History(StrEnum):
    PICKER = "history_picker"
    MODAL = "history_modal"


class Admin(StrEnum):
    MODAL = "admin_modal"
    SAVED = "admin_saved"
    REFUSED = "admin_refused"


class DataRights(StrEnum):
    DELETE_CONFIRM = "data_rights_delete_confirm"
    DELETE_ACTIONS = "data_rights_delete_actions"


class Handover(StrEnum):
    CHOICES = "handover_choices"
    CHOICES_BLOCK = "handover_choices_block"
    PASS_ON = "handover_pass_on"
    SHARE_NOTHING = "handover_share_nothing"
    ACTIONS = "handover_actions"
