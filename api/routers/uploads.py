"""POST /api/documents (one or many PDFs) queues background ingest; GET /api/jobs/{id} polls it.

Every file goes through ``api.uploads`` (size limit, PDF by its bytes, safe name) before
anything is written; a refused file refuses the whole request, naming the file and why.
Optional fields ``exempt`` and ``public`` mark the files by hand, as ``ingest --exempt/--public``
does (``api.upload_marks``), and ``body`` and ``meeting_date`` give the body and meeting of
papers that print neither, as ``ingest --body/--meeting-date`` does; they apply to every
file of the request. A changed file under the
name of an earlier upload replaces it; the finished job says so (``assistant.upload_source``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, HTTPException, Path, UploadFile

from api.deps import get_app_settings, get_jobs, require_admin
from api.models import JobRecord, UploadReply
from api.upload_marks import UploadFacts, UploadMarks, upload_facts, upload_marks
from api.uploads import read_upload
from api.validation import Ident

router = APIRouter(prefix="/api", tags=["documents"])


async def checked_files(files: list[UploadFile], settings) -> list:
    if not files:
        raise HTTPException(422, "no file was sent (form field 'files')")
    if len(files) > settings.server.upload_max_files:
        raise HTTPException(413, f"{len(files)} files in one request; send at most "
                                 f"{settings.server.upload_max_files} files at a time")
    limit = settings.server.upload_max_mb * (1 << 20)
    return [await read_upload(f, limit) for f in files]


@router.post("/documents", response_model=UploadReply, status_code=202)
async def upload(_admin=Depends(require_admin),  # first: a caller who may not upload hears only that
                 files: list[UploadFile] = File(..., description="one or more PDF files"),
                 marks: UploadMarks = Depends(upload_marks), facts: UploadFacts = Depends(upload_facts),
                 settings=Depends(get_app_settings), jobs=Depends(get_jobs)) -> dict:
    checked = await checked_files(files, settings)
    return {"jobs": [jobs.submit(c.name, c.data, marks.given(), facts.given()).record() for c in checked]}


@router.get("/jobs/{job_id}", response_model=JobRecord)
def job(job_id: Annotated[Ident, Path(max_length=64)], jobs=Depends(get_jobs), _admin=Depends(require_admin)) -> dict:
    found = jobs.get(job_id)
    if found is None:
        raise HTTPException(404, f"no job {job_id!r}")
    return found.record()


@router.get("/jobs", response_model=list[JobRecord])
def recent_jobs(jobs=Depends(get_jobs), _admin=Depends(require_admin)) -> list[dict]:
    return [j.record() for j in jobs.recent()]
