# 吉林招商 (jlsite). The two commands: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_ARGS ?=

# python3.13 or python3.12: on PATH first, then pyenv's versions folder (pyenv shims may be inactive).
PYTHON ?= $(shell for p in python3.13 python3.12 \
	$$HOME/.pyenv/versions/3.13*/bin/python3.13 $$HOME/.pyenv/versions/3.12*/bin/python3.12; do \
	  if "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then echo "$$p"; break; fi; \
	done)

.PHONY: run worker test venv migrate demo lint format bench-import bench-web clean

run: venv migrate demo
	@echo
	@echo "演示数据已就绪。创建管理员账号：$(PY) manage.py createsuperuser"
	@echo "网站地址：http://$(HOST):$(PORT)/    管理后台：http://$(HOST):$(PORT)/admin/"
	@echo
	@# The task worker runs spreadsheet imports in the background; it stops with the server.
	$(PY) manage.py db_worker --no-reload --no-startup-delay & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

worker: venv
	$(PY) manage.py db_worker --no-reload

# Two workers: the machines this runs on have two cores.
TEST_WORKERS ?= 2
test: venv
	$(VENV)/bin/pytest -n $(TEST_WORKERS) $(TEST_ARGS)

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	@if [ -z "$(PYTHON)" ]; then \
	  echo "找不到 Python 3.13 或 3.12：请先安装其中之一（例如 pyenv install 3.13），或用 make PYTHON=/path/to/python3.13 指定。" >&2; \
	  exit 1; \
	fi
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

migrate: venv
	$(PY) manage.py migrate --noinput

demo: venv
	$(PY) manage.py load_demo

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench-import: venv
	$(PY) bench/import_speed.py
	$(PY) bench/import_jobs.py

# The admin's rich-text editor (Jodit, MIT), committed under static/vendor/jodit/ so that no
# CDN or network is needed at run time. `make vendor-jodit JODIT_VERSION=x.y.z` updates it.
JODIT_VERSION ?= 4.15.13
.PHONY: vendor-jodit
vendor-jodit:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	(cd "$$tmp" && npm pack --silent jodit@$(JODIT_VERSION) >/dev/null && tar xzf jodit-$(JODIT_VERSION).tgz) && \
	mkdir -p static/vendor/jodit && \
	cp "$$tmp"/package/es2021/jodit.min.js "$$tmp"/package/es2021/jodit.min.css \
	   "$$tmp"/package/LICENSE.txt static/vendor/jodit/ && \
	echo "jodit $(JODIT_VERSION) (MIT) from the npm registry: es2021/jodit.min.js (all languages, zh_cn used), es2021/jodit.min.css, LICENSE.txt" > static/vendor/jodit/VERSION
	@cat static/vendor/jodit/VERSION

# axe-core (MPL-2.0) for the accessibility tests, under tests/vendor/ (never served).
# `make vendor-axe AXE_VERSION=x.y.z` updates it.
AXE_VERSION ?= 4.14.1
.PHONY: vendor-axe
vendor-axe:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	(cd "$$tmp" && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null && tar xzf axe-core-$(AXE_VERSION).tgz) && \
	mkdir -p tests/vendor/axe-core && \
	cp "$$tmp"/package/axe.min.js "$$tmp"/package/LICENSE tests/vendor/axe-core/ && \
	echo "axe-core $(AXE_VERSION) (MPL-2.0) from the npm registry: axe.min.js and LICENSE, for the accessibility tests only (never served: tests/ is not a static folder)" > tests/vendor/axe-core/VERSION
	@cat tests/vendor/axe-core/VERSION

# The Nu HTML Checker (vnu.jar, MIT; needs Java) for tests/jlsite/test_html_validity.py: 30 MB,
# so fetched from the npm registry into .tools/ (not committed). CI runs this target.
VNU_VERSION ?= 26.9.27
.PHONY: vnu
vnu: .tools/vnu-$(VNU_VERSION)/vnu.jar
.tools/vnu-$(VNU_VERSION)/vnu.jar:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	(cd "$$tmp" && npm pack --silent vnu-jar@$(VNU_VERSION) >/dev/null && tar xzf vnu-jar-$(VNU_VERSION).tgz) && \
	mkdir -p $(@D) && cp "$$tmp"/package/build/dist/vnu.jar "$$tmp"/package/LICENSE $(@D)/
	@echo "vnu.jar $(VNU_VERSION) in $(@D)"

# BENCH_ARGS, e.g. "--sizes 1000 --pages home projects", picks sizes, pages and variants.
bench-web: venv
	@command -v wrk >/dev/null || apt-get install -y -qq -o DPkg::Lock::Timeout=300 wrk \
	  || echo "没有安装 wrk：改用 Python 负载生成（数字偏低）。"
	$(PY) bench/web.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles

# Site search: PostgreSQL at 200,000 documents, SQLite at 20,000 (see bench/search.py).
.PHONY: bench-search
bench-search: venv
	$(PY) bench/search.py $(BENCH_ARGS)
