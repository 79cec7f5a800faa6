"""(in progress)"""
FAMILIES: dict[str, str] = {}


def detect(doc):
    return None


def parse(doc, family):
    raise NotImplementedError
