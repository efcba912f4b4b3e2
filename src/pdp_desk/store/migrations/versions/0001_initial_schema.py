"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-25

Batch migrations on SQLite rebuild tables and drop their triggers: re-create them with
`pdp_desk.store.triggers.create_all(op.get_bind())` at the end of any such migration.
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None

# Triggers as of this revision (frozen here: later revisions add their own).
TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS trg_address_subject_id_immutable BEFORE UPDATE OF subject_id ON address WHEN NEW.subject_id IS NOT OLD.subject_id BEGIN SELECT RAISE(ABORT, 'subject_id is immutable'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_attachment_subject_id_immutable BEFORE UPDATE OF subject_id ON attachment WHEN NEW.subject_id IS NOT OLD.subject_id BEGIN SELECT RAISE(ABORT, 'subject_id is immutable'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_consent_subject_id_immutable BEFORE UPDATE OF subject_id ON consent WHEN NEW.subject_id IS NOT OLD.subject_id BEGIN SELECT RAISE(ABORT, 'subject_id is immutable'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_consent_event_subject_id_immutable BEFORE UPDATE OF subject_id ON consent_event WHEN NEW.subject_id IS NOT OLD.subject_id BEGIN SELECT RAISE(ABORT, 'subject_id is immutable'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_contact_subject_id_immutable BEFORE UPDATE OF subject_id ON contact WHEN NEW.subject_id IS NOT OLD.subject_id BEGIN SELECT RAISE(ABORT, 'subject_id is immutable'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_destruction_queue_subject_id_immutable BEFORE UPDATE OF subject_id ON destruction_queue WHEN NEW.subject_id IS NOT OLD.subject_id BEGIN SELECT RAISE(ABORT, 'subject_id is immutable'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_orders_subject_id_immutable BEFORE UPDATE OF subject_id ON orders WHEN NEW.subject_id IS NOT OLD.subject_id BEGIN SELECT RAISE(ABORT, 'subject_id is immutable'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_request_subject_id_immutable BEFORE UPDATE OF subject_id ON request WHEN NEW.subject_id IS NOT OLD.subject_id BEGIN SELECT RAISE(ABORT, 'subject_id is immutable'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_request_event_subject_id_immutable BEFORE UPDATE OF subject_id ON request_event WHEN NEW.subject_id IS NOT OLD.subject_id BEGIN SELECT RAISE(ABORT, 'subject_id is immutable'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_subject_token_subject_id_immutable BEFORE UPDATE OF subject_id ON subject_token WHEN NEW.subject_id IS NOT OLD.subject_id BEGIN SELECT RAISE(ABORT, 'subject_id is immutable'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_subject_id_immutable BEFORE UPDATE OF id ON subject WHEN NEW.id IS NOT OLD.id BEGIN SELECT RAISE(ABORT, 'subject id is immutable'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_audit_entry_no_update BEFORE UPDATE ON audit_entry BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_audit_entry_no_delete BEFORE DELETE ON audit_entry BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_destruction_record_no_update BEFORE UPDATE ON destruction_record BEGIN SELECT RAISE(ABORT, 'destruction_record is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_destruction_record_no_delete BEFORE DELETE ON destruction_record BEGIN SELECT RAISE(ABORT, 'destruction_record is append-only'); END",
]


def upgrade() -> None:
    op.create_table('accounting_record',
    sa.Column('operator_id', sa.String(length=36), nullable=True),
    sa.Column('external_no', sa.String(length=64), nullable=True),
    sa.Column('placed_on', sa.Date(), nullable=False),
    sa.Column('amount_tiyn', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('keep_until', sa.Date(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('operator_id', 'external_no', name='uq_accounting_record_operator_no')
    )
    with op.batch_alter_table('accounting_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_accounting_record_keep_until'), ['keep_until'], unique=False)
        batch_op.create_index(batch_op.f('ix_accounting_record_operator_id'), ['operator_id'], unique=False)

    op.create_table('act_item',
    sa.Column('act_id', sa.String(length=36), nullable=False),
    sa.Column('subject_ref', sa.String(length=36), nullable=False),
    sa.Column('subject_label', sa.String(length=300), nullable=False),
    sa.Column('categories', sa.JSON(), nullable=False),
    sa.Column('kept', sa.JSON(), nullable=False),
    sa.Column('paper_sheets', sa.Integer(), nullable=False),
    sa.Column('excluded', sa.Boolean(), nullable=False),
    sa.Column('refusal_reason', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('act_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_act_item_act_id'), ['act_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_act_item_subject_ref'), ['subject_ref'], unique=False)

    op.create_table('address',
    sa.Column('city', sa.String(length=100), nullable=False),
    sa.Column('line', sa.String(length=500), nullable=False),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('subject_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('address', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_address_subject_id'), ['subject_id'], unique=False)

    op.create_table('attachment',
    sa.Column('owner_table', sa.String(length=40), nullable=False),
    sa.Column('owner_id', sa.String(length=36), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('subject_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachment_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_subject_id'), ['subject_id'], unique=False)

    op.create_table('audit_entry',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('at', sa.String(length=32), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_ids', sa.JSON(), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('device_id', 'seq', name='uq_audit_device_seq')
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index('ix_audit_at', ['at'], unique=False)

    op.create_table('calendar_override',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('calendar_override', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calendar_override_day'), ['day'], unique=False)

    op.create_table('consent',
    sa.Column('purpose_id', sa.String(length=36), nullable=False),
    sa.Column('operator_id', sa.String(length=36), nullable=True),
    sa.Column('policy_version_id', sa.String(length=36), nullable=True),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('given_at', sa.DateTime(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(), nullable=True),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('evidence', sa.String(length=500), nullable=False),
    sa.Column('third_parties_allowed', sa.Boolean(), nullable=False),
    sa.Column('cross_border_allowed', sa.Boolean(), nullable=False),
    sa.Column('public_allowed', sa.Boolean(), nullable=False),
    sa.Column('data_categories', sa.JSON(), nullable=False),
    sa.Column('subject_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_purpose_id'), ['purpose_id'], unique=False)
        batch_op.create_index('ix_consent_state_withdrawn', ['state', 'withdrawn_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_consent_subject_id'), ['subject_id'], unique=False)
        batch_op.create_index('ix_consent_subject_purpose', ['subject_id', 'purpose_id'], unique=False)

    op.create_table('consent_event',
    sa.Column('consent_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('evidence', sa.String(length=500), nullable=False),
    sa.Column('policy_version_id', sa.String(length=36), nullable=True),
    sa.Column('staff_id', sa.String(length=36), nullable=True),
    sa.Column('request_id', sa.String(length=36), nullable=True),
    sa.Column('subject_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('consent_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_event_consent_id'), ['consent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consent_event_subject_id'), ['subject_id'], unique=False)

    op.create_table('contact',
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('value', sa.String(length=320), nullable=False),
    sa.Column('normalized', sa.String(length=320), nullable=False),
    sa.Column('is_primary', sa.Boolean(), nullable=False),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('subject_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.create_index('ix_contact_kind_normalized', ['kind', 'normalized'], unique=False)
        batch_op.create_index(batch_op.f('ix_contact_subject_id'), ['subject_id'], unique=False)

    op.create_table('destruction_act',
    sa.Column('number', sa.String(length=32), nullable=True),
    sa.Column('operator_id', sa.String(length=36), nullable=False),
    sa.Column('act_date', sa.Date(), nullable=False),
    sa.Column('reason_code', sa.String(length=40), nullable=False),
    sa.Column('reason_text', sa.Text(), nullable=False),
    sa.Column('legal_basis', sa.String(length=200), nullable=False),
    sa.Column('information_system', sa.String(length=300), nullable=False),
    sa.Column('method', sa.String(length=300), nullable=False),
    sa.Column('destroyed_by', sa.JSON(), nullable=False),
    sa.Column('processors', sa.JSON(), nullable=False),
    sa.Column('names_subjects', sa.Boolean(), nullable=False),
    sa.Column('kept_until', sa.Date(), nullable=False),
    sa.Column('state', sa.String(length=24), nullable=False),
    sa.Column('executed_at', sa.DateTime(), nullable=True),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=True),
    sa.Column('signed_copy', sa.LargeBinary(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number')
    )
    with op.batch_alter_table('destruction_act', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_destruction_act_operator_id'), ['operator_id'], unique=False)

    op.create_table('destruction_queue',
    sa.Column('reason_code', sa.String(length=40), nullable=False),
    sa.Column('request_id', sa.String(length=36), nullable=True),
    sa.Column('queued_at', sa.DateTime(), nullable=False),
    sa.Column('staff_id', sa.String(length=36), nullable=True),
    sa.Column('subject_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('destruction_queue', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_destruction_queue_request_id'), ['request_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_destruction_queue_subject_id'), ['subject_id'], unique=False)

    op.create_table('destruction_record',
    sa.Column('subject_ref', sa.String(length=36), nullable=False),
    sa.Column('act_id', sa.String(length=36), nullable=False),
    sa.Column('destroyed_at', sa.DateTime(), nullable=False),
    sa.Column('categories', sa.JSON(), nullable=False),
    sa.Column('reason_code', sa.String(length=40), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('destruction_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_destruction_record_act_id'), ['act_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_destruction_record_subject_ref'), ['subject_ref'], unique=False)

    op.create_table('letter_template',
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('kind', 'language', name='uq_letter_template_kind_language')
    )
    op.create_table('local_state',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('operator',
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('iin_bin', sa.String(length=12), nullable=True),
    sa.Column('address', sa.String(length=500), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('orders',
    sa.Column('operator_id', sa.String(length=36), nullable=True),
    sa.Column('external_no', sa.String(length=64), nullable=False),
    sa.Column('placed_at', sa.DateTime(), nullable=False),
    sa.Column('amount_tiyn', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('items', sa.Text(), nullable=False),
    sa.Column('address_id', sa.String(length=36), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('subject_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.create_index('ix_orders_operator_external_no', ['operator_id', 'external_no'], unique=False)
        batch_op.create_index(batch_op.f('ix_orders_operator_id'), ['operator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_orders_subject_id'), ['subject_id'], unique=False)

    op.create_table('policy_version',
    sa.Column('label', sa.String(length=40), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('policy_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_version_effective_from'), ['effective_from'], unique=False)

    op.create_table('processor',
    sa.Column('operator_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('iin_bin', sa.String(length=12), nullable=True),
    sa.Column('address', sa.String(length=500), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('processor', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_processor_operator_id'), ['operator_id'], unique=False)

    op.create_table('purpose',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name_ru', sa.String(length=300), nullable=False),
    sa.Column('name_kk', sa.String(length=300), nullable=False),
    sa.Column('name_en', sa.String(length=300), nullable=False),
    sa.Column('subject_categories', sa.JSON(), nullable=False),
    sa.Column('data_categories', sa.JSON(), nullable=False),
    sa.Column('retention_days', sa.Integer(), nullable=True),
    sa.Column('retention_rule', sa.String(length=40), nullable=False),
    sa.Column('policy_section', sa.String(length=20), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('request',
    sa.Column('number', sa.String(length=32), nullable=True),
    sa.Column('operator_id', sa.String(length=36), nullable=True),
    sa.Column('type', sa.String(length=30), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('documents_at', sa.DateTime(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('requester_kind', sa.String(length=20), nullable=False),
    sa.Column('representative_name', sa.String(length=300), nullable=False),
    sa.Column('authority_document', sa.String(length=300), nullable=False),
    sa.Column('reply_to', sa.String(length=500), server_default='', nullable=False),
    sa.Column('language', sa.String(length=2), server_default='ru', nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('is_open', sa.Boolean(), nullable=False),
    sa.Column('responsible_staff_id', sa.String(length=36), nullable=True),
    sa.Column('answer_due', sa.Date(), nullable=True),
    sa.Column('action_due', sa.Date(), nullable=True),
    sa.Column('next_due', sa.Date(), nullable=True),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('outcome', sa.String(length=30), nullable=False),
    sa.Column('refusal_reason', sa.Text(), nullable=False),
    sa.Column('subject_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number')
    )
    with op.batch_alter_table('request', schema=None) as batch_op:
        batch_op.create_index('ix_request_open_next_due', ['is_open', 'next_due'], unique=False)
        batch_op.create_index(batch_op.f('ix_request_operator_id'), ['operator_id'], unique=False)
        batch_op.create_index('ix_request_received_at', ['received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_request_subject_id'), ['subject_id'], unique=False)

    op.create_table('request_event',
    sa.Column('request_id', sa.String(length=36), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('from_state', sa.String(length=20), nullable=True),
    sa.Column('to_state', sa.String(length=20), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('staff_id', sa.String(length=36), nullable=True),
    sa.Column('subject_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('request_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_request_event_request_id'), ['request_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_request_event_subject_id'), ['subject_id'], unique=False)

    op.create_table('setting',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.JSON(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('staff',
    sa.Column('operator_id', sa.String(length=36), nullable=True),
    sa.Column('full_name', sa.String(length=300), nullable=False),
    sa.Column('position', sa.String(length=300), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_operator_id'), ['operator_id'], unique=False)

    op.create_table('subject',
    sa.Column('register_no', sa.String(length=32), nullable=True),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('operator_id', sa.String(length=36), nullable=True),
    sa.Column('full_name', sa.String(length=300), nullable=False),
    sa.Column('name_key', sa.String(length=300), nullable=False),
    sa.Column('iin', sa.String(length=12), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('blocked_at', sa.DateTime(), nullable=True),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('destroy_after', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('register_no')
    )
    with op.batch_alter_table('subject', schema=None) as batch_op:
        batch_op.create_index('ix_subject_category_name_key_id', ['category', 'name_key', 'id'], unique=False)
        batch_op.create_index('ix_subject_destroy_after_id', ['destroy_after', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_subject_iin'), ['iin'], unique=False)
        batch_op.create_index('ix_subject_name_key_id', ['name_key', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_subject_operator_id'), ['operator_id'], unique=False)
        batch_op.create_index('ix_subject_status_category', ['status', 'category'], unique=False)

    op.create_table('subject_token',
    sa.Column('token', sa.String(length=100), nullable=False),
    sa.Column('subject_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('token', 'subject_id')
    )
    with op.batch_alter_table('subject_token', schema=None) as batch_op:
        batch_op.create_index('ix_subject_token_subject_token', ['subject_id', 'token'], unique=False)


    for statement in TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    with op.batch_alter_table('subject_token', schema=None) as batch_op:
        batch_op.drop_index('ix_subject_token_subject_token')

    op.drop_table('subject_token')
    with op.batch_alter_table('subject', schema=None) as batch_op:
        batch_op.drop_index('ix_subject_status_category')
        batch_op.drop_index(batch_op.f('ix_subject_operator_id'))
        batch_op.drop_index('ix_subject_name_key_id')
        batch_op.drop_index(batch_op.f('ix_subject_iin'))
        batch_op.drop_index('ix_subject_destroy_after_id')
        batch_op.drop_index('ix_subject_category_name_key_id')

    op.drop_table('subject')
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_operator_id'))

    op.drop_table('staff')
    op.drop_table('setting')
    with op.batch_alter_table('request_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_request_event_subject_id'))
        batch_op.drop_index(batch_op.f('ix_request_event_request_id'))

    op.drop_table('request_event')
    with op.batch_alter_table('request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_request_subject_id'))
        batch_op.drop_index('ix_request_received_at')
        batch_op.drop_index(batch_op.f('ix_request_operator_id'))
        batch_op.drop_index('ix_request_open_next_due')

    op.drop_table('request')
    op.drop_table('purpose')
    with op.batch_alter_table('processor', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_processor_operator_id'))

    op.drop_table('processor')
    with op.batch_alter_table('policy_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_policy_version_effective_from'))

    op.drop_table('policy_version')
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_orders_subject_id'))
        batch_op.drop_index(batch_op.f('ix_orders_operator_id'))
        batch_op.drop_index('ix_orders_operator_external_no')

    op.drop_table('orders')
    op.drop_table('operator')
    op.drop_table('local_state')
    op.drop_table('letter_template')
    with op.batch_alter_table('destruction_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_destruction_record_subject_ref'))
        batch_op.drop_index(batch_op.f('ix_destruction_record_act_id'))

    op.drop_table('destruction_record')
    with op.batch_alter_table('destruction_queue', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_destruction_queue_subject_id'))
        batch_op.drop_index(batch_op.f('ix_destruction_queue_request_id'))

    op.drop_table('destruction_queue')
    with op.batch_alter_table('destruction_act', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_destruction_act_operator_id'))

    op.drop_table('destruction_act')
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_subject_id'))
        batch_op.drop_index('ix_contact_kind_normalized')

    op.drop_table('contact')
    with op.batch_alter_table('consent_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_event_subject_id'))
        batch_op.drop_index(batch_op.f('ix_consent_event_consent_id'))

    op.drop_table('consent_event')
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.drop_index('ix_consent_subject_purpose')
        batch_op.drop_index(batch_op.f('ix_consent_subject_id'))
        batch_op.drop_index('ix_consent_state_withdrawn')
        batch_op.drop_index(batch_op.f('ix_consent_purpose_id'))

    op.drop_table('consent')
    with op.batch_alter_table('calendar_override', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calendar_override_day'))

    op.drop_table('calendar_override')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_at')

    op.drop_table('audit_entry')
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachment_subject_id'))
        batch_op.drop_index(batch_op.f('ix_attachment_owner_id'))

    op.drop_table('attachment')
    with op.batch_alter_table('address', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_address_subject_id'))

    op.drop_table('address')
    with op.batch_alter_table('act_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_act_item_subject_ref'))
        batch_op.drop_index(batch_op.f('ix_act_item_act_id'))

    op.drop_table('act_item')
    with op.batch_alter_table('accounting_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_accounting_record_operator_id'))
        batch_op.drop_index(batch_op.f('ix_accounting_record_keep_until'))

    op.drop_table('accounting_record')
