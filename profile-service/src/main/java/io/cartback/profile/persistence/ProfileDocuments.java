package io.cartback.profile.persistence;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cartback.profile.domain.Profile;

/** Profile <-> the JSON document in profile.doc. */
@ApplicationScoped
public class ProfileDocuments {
    private final ObjectMapper json;

    public ProfileDocuments(ObjectMapper json) {
        this.json = json;
    }

    public Profile read(ProfileEntity e) {
        try {
            return Profile.fromData(json.readValue(e.doc, Profile.Data.class));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("profile " + e.id + " has an unreadable document", ex);
        }
    }

    public String write(Profile p) {
        try {
            return json.writeValueAsString(p.toData());
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("profile " + p.id() + " cannot be written", ex);
        }
    }
}
