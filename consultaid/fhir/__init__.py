"""The hospital's record: a final consultation as a FHIR R4 transaction Bundle, saved or sent.

`exporting` holds the use-cases (a file, a push); `bundle` builds the resources, `questionnaire`
the Questionnaire they answer, `push` talks to the server and `credentials` keeps its token.
"""
