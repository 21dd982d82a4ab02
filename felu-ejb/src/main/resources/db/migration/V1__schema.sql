-- felu schema 1: exactly what EclipseLink 4.0.7 generated for the entities of felu 0.1
-- (eclipselink.ddl-generation=create-or-extend-tables, the last version before migrations).
-- A database created by that version is baselined at 1 instead of running this (SchemaMigration).
-- Sequences: EclipseLink takes nextval as the top of a block of allocationSize ids, so each
-- sequence increments by the allocationSize of its @SequenceGenerator and starts there.

CREATE TABLE zone (
  id BIGINT NOT NULL,
  name VARCHAR(255) NOT NULL UNIQUE,
  version BIGINT,
  PRIMARY KEY (id));

CREATE TABLE zone_record (
  id BIGINT NOT NULL,
  data VARCHAR(65535) NOT NULL,
  name VARCHAR(255) NOT NULL,
  ttl BIGINT NOT NULL,
  type VARCHAR(16) NOT NULL,
  version BIGINT,
  zone_id BIGINT NOT NULL,
  PRIMARY KEY (id));

CREATE TABLE config_head (
  id BIGINT NOT NULL,
  hash VARCHAR(64) NOT NULL,
  revision BIGINT NOT NULL,
  PRIMARY KEY (id));

CREATE TABLE config_revision (
  revision BIGINT NOT NULL,
  createdat TIMESTAMP NOT NULL,
  hash VARCHAR(64) NOT NULL,
  summary VARCHAR(1000) NOT NULL,
  PRIMARY KEY (revision));

CREATE TABLE nameserver (
  id BIGINT NOT NULL,
  configurl VARCHAR(500) NOT NULL,
  dnshost VARCHAR(255) NOT NULL,
  dnsport INTEGER NOT NULL,
  enabled BOOLEAN NOT NULL,
  name VARCHAR(63) NOT NULL UNIQUE,
  version BIGINT,
  PRIMARY KEY (id));

CREATE TABLE nameserver_progress (
  id BIGINT NOT NULL,
  nameserver VARCHAR(63) NOT NULL,
  reachedat TIMESTAMP NOT NULL,
  revision BIGINT NOT NULL,
  PRIMARY KEY (id));
CREATE INDEX nameserver_progress_ns_rev ON nameserver_progress (nameserver, revision);

CREATE TABLE nameserver_key (
  id BIGINT NOT NULL,
  changed TIMESTAMP,
  created TIMESTAMP NOT NULL,
  keyid VARCHAR(64) NOT NULL UNIQUE,
  sealed BYTEA,
  state VARCHAR(16) NOT NULL,
  nameserver_id BIGINT NOT NULL,
  PRIMARY KEY (id));

CREATE TABLE account (
  id BIGINT NOT NULL,
  created TIMESTAMP NOT NULL,
  enabled BOOLEAN NOT NULL,
  password_hash VARCHAR(255),
  role VARCHAR(16) NOT NULL,
  username VARCHAR(64) NOT NULL UNIQUE,
  version BIGINT,
  PRIMARY KEY (id));

CREATE TABLE api_token (
  id BIGINT NOT NULL,
  created TIMESTAMP NOT NULL,
  last_used TIMESTAMP,
  name VARCHAR(100) NOT NULL,
  owner VARCHAR(64) NOT NULL,
  revoked TIMESTAMP,
  role VARCHAR(16) NOT NULL,
  secret_hash VARCHAR(64) NOT NULL UNIQUE,
  PRIMARY KEY (id));

CREATE TABLE audit_entry (
  id BIGINT NOT NULL,
  action VARCHAR(20) NOT NULL,
  actor VARCHAR(120) NOT NULL,
  address VARCHAR(64),
  after_text VARCHAR(1000000),
  at TIMESTAMP NOT NULL,
  before_text VARCHAR(1000000),
  entity VARCHAR(20) NOT NULL,
  subject VARCHAR(300),
  zone VARCHAR(255),
  PRIMARY KEY (id));
CREATE INDEX audit_entry_at ON audit_entry (at);
CREATE INDEX audit_entry_actor ON audit_entry (actor);
CREATE INDEX audit_entry_zone ON audit_entry (zone);

CREATE TABLE config_revision_zone (revision BIGINT, zone_name VARCHAR(255) NOT NULL);
CREATE INDEX config_revision_zone_revision ON config_revision_zone (revision);
CREATE TABLE account_zone (account_id BIGINT, zone VARCHAR(255) NOT NULL);
CREATE TABLE api_token_zone (token_id BIGINT, zone VARCHAR(255) NOT NULL);

ALTER TABLE zone_record ADD CONSTRAINT fk_zone_record_zone_id
  FOREIGN KEY (zone_id) REFERENCES zone (id);
ALTER TABLE nameserver_key ADD CONSTRAINT fk_nameserver_key_nameserver_id
  FOREIGN KEY (nameserver_id) REFERENCES nameserver (id);
ALTER TABLE config_revision_zone ADD CONSTRAINT fk_config_revision_zone_revision
  FOREIGN KEY (revision) REFERENCES config_revision (revision);
ALTER TABLE account_zone ADD CONSTRAINT fk_account_zone_account_id
  FOREIGN KEY (account_id) REFERENCES account (id);
ALTER TABLE api_token_zone ADD CONSTRAINT fk_api_token_zone_token_id
  FOREIGN KEY (token_id) REFERENCES api_token (id);

CREATE SEQUENCE zone_seq INCREMENT BY 20 START WITH 20;
CREATE SEQUENCE record_seq INCREMENT BY 50 START WITH 50;
CREATE SEQUENCE audit_seq INCREMENT BY 50 START WITH 50;
CREATE SEQUENCE nameserver_progress_seq INCREMENT BY 50 START WITH 50;
CREATE SEQUENCE account_seq START WITH 1;
CREATE SEQUENCE api_token_seq START WITH 1;
CREATE SEQUENCE nameserver_seq START WITH 1;
CREATE SEQUENCE nameserver_key_seq START WITH 1;
