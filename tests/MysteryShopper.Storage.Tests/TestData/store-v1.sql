-- Rows of TestData/store-v1.db, a store as schema version 1 (Migrations/0001_initial.sql) left it.
-- Made by MigrationTests.MakeStoreV1 (explicit): a new store migrated only to version 1, then this script.
INSERT INTO runs (id, suite, workspace, directory, started_at, finished_at, sources_json, settings_json, skipped_json)
VALUES ('20261123-090000-ab12', 'presales-question', '/work/shop', '/work/shop/reports/20261123-090000-ab12',
        '2026-11-23T09:00:00.0000000Z', '2026-11-23T09:05:00.0000000Z',
        '[{"path":"scenarios/presales-question.yaml","text":"name: presales-question"}]', '{"formats":["html"]}', '[]');

INSERT INTO probes (token, run_id, probe_id, ordinal, planned_at, scenario, scenario_file, target_id, target_name,
                    target_role, target_url, persona, first_name, email, question_id, question_text, state,
                    state_reason, started_at, finished_at, deadline, checkpoint_json, storage_state, owner)
VALUES ('k3x9', '20261123-090000-ab12', 'presales-question/rival-a/default', 0, '2026-11-23T09:00:00.0000000Z',
        'presales-question', 'scenarios/presales-question.yaml', 'rival-a', 'Rival A', 'competitor',
        'https://rival-a.example', 'default', 'Sam', 'shopper+k3x9@inbox.test', 'annual', 'Do you offer an annual plan?',
        'awaiting', 'waiting for answer', '2026-11-23T09:00:01.0000000Z', NULL, '2026-11-26T09:00:00.0000000Z',
        '{"step":7}', '{"cookies":[]}', NULL),
       ('p7q2', '20261123-090000-ab12', 'presales-question/own/default', 1, '2026-11-23T09:00:00.0000000Z',
        'presales-question', 'scenarios/presales-question.yaml', 'own', 'Our Shop', 'own',
        'https://own.example', 'default', 'Sam', 'shopper+p7q2@inbox.test', NULL, NULL,
        'timed_out', 'no reply within 3d', '2026-11-23T09:00:02.0000000Z', '2026-11-26T09:00:02.0000000Z', NULL,
        NULL, NULL, NULL);

INSERT INTO observations (token, seq, kind, at, step, name, detail, line, value, numbers_json)
VALUES ('k3x9', 1, 'ProbeStarted', '2026-11-23T09:00:01.0000000Z', NULL, NULL, NULL, NULL, NULL, NULL),
       ('k3x9', 2, 'PageTiming', '2026-11-23T09:00:02.5000000Z', 0, 'goto', 'https://rival-a.example/contact', 12, NULL,
        '{"ttfb_ms":120.5,"load_ms":900}'),
       ('k3x9', 3, 'Mark', '2026-11-23T09:00:04.0000000Z', 4, 'asked', NULL, 20, NULL, NULL);

INSERT INTO submissions (token, step, description, started_at, finished_at)
VALUES ('k3x9', 3, 'click button "Send"', '2026-11-23T09:00:03.0000000Z', '2026-11-23T09:00:03.5000000Z');

INSERT INTO artifacts (token, seq, kind, path) VALUES ('k3x9', 1, 'screenshot', 'rival-a/step-3.png');

INSERT INTO sent_messages (message_id, token, recipient, sent_at, raw)
VALUES ('q1.k3x9@inbox.test', 'k3x9', 'support@rival-a.example', '2026-11-23T09:00:03.2000000Z', X'46726F6D3A2073616D');

INSERT INTO messages (message_key, mailbox, source, token, received_at, seen_at, email_json, raw)
VALUES ('ack.1@rival-a.example', 'maildir:/work/shop/.mshop/mail', '1700000000.M1.host', 'k3x9',
        '2026-11-23T09:01:00.0000000Z', '2026-11-23T09:01:02.0000000Z', '{"subject":"We got your message"}', X'5375626A6563743A206869'),
       ('news.9@elsewhere.example', 'maildir:/work/shop/.mshop/mail', '1700000001.M2.host', NULL,
        '2026-11-23T10:00:00.0000000Z', '2026-11-23T10:00:01.0000000Z', '{"subject":"News"}', X'');

INSERT INTO mailbox_positions (mailbox, uid_validity, next_uid, updated_at)
VALUES ('imap://mail.example:993/shopper/INBOX', 1700000000, 42, '2026-11-23T10:00:01.0000000Z');
