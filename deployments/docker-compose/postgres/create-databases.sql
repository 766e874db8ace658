-- One database per service (DESIGN §6). The services also create their own database on first start if it is missing;
-- creating them here lets a person browse them before any service ran.
CREATE DATABASE shop_identity;
CREATE DATABASE shop_catalog;
CREATE DATABASE shop_order;
